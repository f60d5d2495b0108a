using FinanceFlow.Api.Http;
using FinanceFlow.Api.Operations;
using FinanceFlow.Infrastructure.Reconciliation;
using FinanceFlow.Workflows.Metrics;
using FinanceFlow.Workflows.Operations;
using FinanceFlow.Workflows.Reconciliation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Functions.Http;

/// <summary>Finance ops' exception queue, metrics and reconciliation routes; the nightly run is the <c>ReconcileLedgers</c> timer.</summary>
public sealed class OperationsFunctions(ApiFunction api, ExceptionQueue exceptions, FinanceMetricsQuery metrics, LedgerReconciliationRunner reconciliation, ReconciliationStore runs)
{
    [Function(RouteNames.GetExceptions)]
    public Task<IActionResult> GetExceptions(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/exceptions")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.GetExceptions, request, () => OperationsEndpoints.GetExceptionsAsync(request, exceptions, cancellationToken));

    [Function(RouteNames.GetMetrics)]
    public Task<IActionResult> GetMetrics(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/metrics")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.GetMetrics, request, () => OperationsEndpoints.GetMetricsAsync(request, metrics, cancellationToken));

    [Function(RouteNames.RunReconciliation)]
    public Task<IActionResult> RunReconciliation(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/reconciliations")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.RunReconciliation, request, () => OperationsEndpoints.RunReconciliationAsync(request, reconciliation, client, cancellationToken));

    [Function(RouteNames.ListReconciliations)]
    public Task<IActionResult> ListReconciliations(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/reconciliations")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.ListReconciliations, request, () => OperationsEndpoints.ListReconciliationsAsync(request, runs, cancellationToken));

    [Function(RouteNames.GetReconciliation)]
    public Task<IActionResult> GetReconciliation(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/reconciliations/{runId}")] HttpRequest request,
        string runId,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.GetReconciliation, request, () => OperationsEndpoints.GetReconciliationAsync(request, runId, runs, cancellationToken));
}
