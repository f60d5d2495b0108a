using FinanceFlow.Api.Http;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Security;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Workflows;
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

    /// <summary>
    /// <c>POST …/resolution</c> with <c>{"action": "approve-override" | "fix-and-retry" | "reject", "reason": …}</c>: 202 with the decision as
    /// recorded; 403 for the wrong role or one of the report's parties, 404 unknown report, 409 nothing to resolve or decided otherwise.
    /// </summary>
    public static async Task<IResult> ResolveAsync(
        HttpRequest request,
        string source,
        string reportId,
        [FromServices] ReportResolution resolution,
        [FromServices] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(resolution);
        var (body, errors) = ResolutionRequestReader.Read(RequestBody.Of(request));
        if (body is null || errors.Count > 0)
        {
            return Problems.From(Refusal.Invalid("invalid-resolution", "Invalid resolution", $"{errors.Count} field(s) failed validation.", errors));
        }

        var answer = await resolution.ResolveAsync(Key(source, reportId), body, ResolverOf(request), client, cancellationToken);
        return answer.ToResult(StatusCodes.Status202Accepted);
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

    // The identities segregation of duties compares with the report's parties: the token's email, user names and employeeId.
    private static Resolver ResolverOf(HttpRequest request)
    {
        var user = request.HttpContext.User;
        var identities = new[] { "email", "preferred_username", "upn", "unique_name", "employeeId", "employeeid", "extn.employeeId" }
            .Select(type => user.FindFirst(type)?.Value)
            .OfType<string>()
            .Where(v => v.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var roles = FinanceFlowRoles.All.Where(user.IsInRole).ToList();
        return new Resolver(CallerIdentity.Of(request), identities, roles);
    }

    private static ReportKey Key(string source, string reportId)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new ReportKey(source.ToLowerInvariant(), reportId);
    }
}
