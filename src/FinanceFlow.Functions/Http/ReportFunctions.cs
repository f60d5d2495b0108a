using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Functions.Http;

/// <summary>Finance ops: a report's status and audit trail, re-driving a failed posting, recording a payment, sending status events again. Function keys (or Easy Auth) protect them.</summary>
public sealed class ReportFunctions(ReportQueryHandler query, ReportRetryHandler retry, ReportPaymentHandler payment, StatusRepublishHandler republish)
{
    [Function(nameof(GetReport))]
    public async Task<IActionResult> GetReport(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/reports/{source}/{reportId}")] HttpRequest request,
        string source,
        string reportId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await query.GetAsync(request, source, reportId, client, cancellationToken));

    [Function(nameof(RetryReport))]
    public async Task<IActionResult> RetryReport(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/reports/{source}/{reportId}/retry")] HttpRequest request,
        string source,
        string reportId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await retry.RetryAsync(request, source, reportId, client, cancellationToken));

    [Function(nameof(PayReport))]
    public async Task<IActionResult> PayReport(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/reports/{source}/{reportId}/payment")] HttpRequest request,
        string source,
        string reportId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await payment.PayAsync(request, source, reportId, client, cancellationToken));

    [Function(nameof(RepublishStatusEvents))]
    public async Task<IActionResult> RepublishStatusEvents(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/reports/{source}/{reportId}/status-events/republish")] HttpRequest request,
        string source,
        string reportId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await republish.RepublishAsync(request, source, reportId, client, cancellationToken));
}
