using FinanceFlow.Api.Http;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Workflows.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Api.Reports;

/// <summary>Finance ops on one report: its status and audit trail, re-driving a failed run, recording a payment, sending status events again.</summary>
public static class ReportEndpoints
{
    /// <summary><c>GET /api/v1/reports/{source}/{reportId}</c>.</summary>
    public static async Task<IResult> GetAsync(
        string source, string reportId, [FromServices] ReportQuery query, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return (await query.GetAsync(Key(source, reportId), client, cancellationToken)).ToResult();
    }

    /// <summary><c>GET /api/v1/reports/{source}/{reportId}/story</c>: status, findings, journals, ERP documents, receipts with short-lived links, audit trail.</summary>
    public static async Task<IResult> GetStoryAsync(
        string source, string reportId, [FromServices] ReportStory story, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(story);
        return (await story.GetAsync(Key(source, reportId), client, cancellationToken)).ToResult();
    }

    /// <summary><c>POST …/retry</c>: 202 with the run's instance id and report URL.</summary>
    public static async Task<IResult> RetryAsync(
        HttpRequest request,
        string source,
        string reportId,
        [FromServices] ReportRetry retry,
        [FromServices] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retry);
        var key = Key(source, reportId);
        var answer = await retry.RetryAsync(key, CallerIdentity.Of(request), client, cancellationToken);
        return answer.Refusal is { } refusal
            ? Problems.From(refusal)
            : Results.Json(RunAnswer.For(request, key, answer.Value!), FinanceFlowJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary><c>POST …/resubmit</c>: 202 with the run's instance id and report URL; 409 while running, once posted, or for another outcome.</summary>
    public static async Task<IResult> ResubmitAsync(
        HttpRequest request,
        string source,
        string reportId,
        [FromServices] ReportResubmit resubmit,
        [FromServices] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resubmit);
        var key = Key(source, reportId);
        var answer = await resubmit.ResubmitAsync(key, CallerIdentity.Of(request), client, cancellationToken);
        return answer.Refusal is { } refusal
            ? Problems.From(refusal)
            : Results.Json(RunAnswer.For(request, key, answer.Value!), FinanceFlowJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary><c>POST …/payment</c> with <c>{"paidAt","amount","currency","paymentReference",…}</c>.</summary>
    public static async Task<IResult> PayAsync(
        HttpRequest request,
        string source,
        string reportId,
        [FromServices] ReportPayments payments,
        [FromServices] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payments);
        var (payment, errors) = PaymentRequestReader.Read(RequestBody.Of(request));
        if (payment is null)
        {
            return Problems.From(ReportPayments.Invalid($"{errors.Count} field(s) failed validation.", errors));
        }

        return (await payments.RecordAsync(Key(source, reportId), payment, CallerIdentity.Of(request), client, cancellationToken)).ToResult();
    }

    /// <summary><c>POST …/status-events/republish[?target=name]</c>.</summary>
    public static async Task<IResult> RepublishAsync(
        HttpRequest request,
        string source,
        string reportId,
        [FromServices] StatusRepublish republish,
        [FromServices] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(republish);
        var target = request.Query[StatusRepublish.TargetQuery].ToString();
        return (await republish.RepublishAsync(Key(source, reportId), target, CallerIdentity.Of(request), client, cancellationToken)).ToResult();
    }

    private static ReportKey Key(string source, string reportId)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new ReportKey(source.ToLowerInvariant(), reportId);
    }
}
