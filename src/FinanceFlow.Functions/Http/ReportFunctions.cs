using FinanceFlow.Api.Http;
using FinanceFlow.Api.Reports;
using FinanceFlow.Workflows.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Functions.Http;

/// <summary>Finance ops: a report's status and audit trail, re-driving a failed posting, recording a payment, sending status events again. Function keys (or Easy Auth) protect them.</summary>
public sealed class ReportFunctions(ApiFunction api, ReportQuery query, ReportRetry retry, ReportPayments payments, StatusRepublish republish)
{
    [Function(RouteNames.GetReport)]
    public Task<IActionResult> GetReport(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/reports/{source}/{reportId}")] HttpRequest request,
        string source,
        string reportId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.GetReport, request, () => ReportEndpoints.GetAsync(source, reportId, query, client, cancellationToken));

    [Function(RouteNames.RetryReport)]
    public Task<IActionResult> RetryReport(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/reports/{source}/{reportId}/retry")] HttpRequest request,
        string source,
        string reportId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.RetryReport, request, () => ReportEndpoints.RetryAsync(request, source, reportId, retry, client, cancellationToken));

    [Function(RouteNames.PayReport)]
    public Task<IActionResult> PayReport(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/reports/{source}/{reportId}/payment")] HttpRequest request,
        string source,
        string reportId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.PayReport, request, () => ReportEndpoints.PayAsync(request, source, reportId, payments, client, cancellationToken));

    [Function(RouteNames.RepublishStatusEvents)]
    public Task<IActionResult> RepublishStatusEvents(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/reports/{source}/{reportId}/status-events/republish")] HttpRequest request,
        string source,
        string reportId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.RepublishStatusEvents, request, () => ReportEndpoints.RepublishAsync(request, source, reportId, republish, client, cancellationToken));
}
