using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Operations;
using FinanceFlow.Workflows.Reconciliation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FinanceFlow.Functions.Http;

/// <summary>Finance ops' exception queue and reconciliation routes; the nightly run is the <c>ReconcileLedgers</c> timer.</summary>
public sealed class ReconciliationFunctions(ReconciliationHandler reconciliation, ExceptionQueueHandler exceptions)
{
    [Function(nameof(GetExceptions))]
    public async Task<IActionResult> GetExceptions(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/exceptions")] HttpRequest request,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await exceptions.GetAsync(request, cancellationToken));

    [Function(nameof(RunReconciliation))]
    public async Task<IActionResult> RunReconciliation(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/reconciliations")] HttpRequest request,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await reconciliation.RunAsync(request, cancellationToken));

    [Function(nameof(ListReconciliations))]
    public async Task<IActionResult> ListReconciliations(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/reconciliations")] HttpRequest request,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await reconciliation.ListAsync(request, cancellationToken));

    [Function(nameof(GetReconciliation))]
    public async Task<IActionResult> GetReconciliation(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/reconciliations/{runId}")] HttpRequest request,
        string runId,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await reconciliation.GetAsync(runId, cancellationToken));
}
