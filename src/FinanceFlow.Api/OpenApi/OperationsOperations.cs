using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Infrastructure.Reconciliation;
using FinanceFlow.Workflows.Operations;
using static FinanceFlow.Api.Http.RouteNames;

namespace FinanceFlow.Api.OpenApi;

/// <summary>The OpenAPI descriptions of the exception queue and reconciliation routes.</summary>
internal static class OperationsOperations
{
    public static IEnumerable<(string Route, OperationDescription Description)> All()
    {
        yield return (GetExceptions, new OperationDescription(
            "Finance ops' exception queue",
            "Everything open now, oldest first, each with its reason and what to do: reports and card batches whose posting failed or is in doubt, "
            + "that wait for master data, were rejected or are stuck, dead-lettered intake messages, posted reports whose receipts the ERP did not take; "
            + "counts per kind, and the last reconciliation with its differences.")
        {
            Parameters = [ApiParameter.Query("kind", "Only items of this kind.", ApiSchema.OneOf(ExceptionQueue.Kinds))],
            Answers = [new(200, "The queue.", ApiSchema.Of<ExceptionQueueView>())],
            Problems = [new(400, "invalid-query", "kind is not one of the kinds")],
        });

        yield return (RunReconciliation, new OperationDescription(
            "Run a reconciliation now",
            "Reconciles FinanceFlow's postings with every ERP ledger (and, three-way, with the platforms) in the request; the answer is its report, whatever it found.")
        {
            Answers = [new(200, "The run's report.", ApiSchema.Of<ReconciliationReport>())],
        });

        yield return (ListReconciliations, new OperationDescription("The reconciliation runs", "The newest runs first, with their counts.")
        {
            Parameters = [ApiParameter.Query("top", "How many runs, 1 to 500; default 20.", ApiSchema.Json("""{"type":"integer","minimum":1,"maximum":500,"default":20}"""))],
            Answers = [new(200, "The runs.", ApiSchema.Of<IReadOnlyList<ReconciliationSummary>>())],
            Problems = [new(400, "invalid-query", "top is not a whole number from 1 to 500")],
        });

        yield return (GetReconciliation, new OperationDescription(
            "One reconciliation run",
            "The run's full report as JSON; with `Accept: text/csv` its three-way findings as CSV, as finance ops open them in a spreadsheet.")
        {
            Parameters = [ApiParameter.Path("runId", "The run id the run or the list answered.", ApiSchema.String)],
            Answers = [new(200, "The run's report.", ApiSchema.Of<ReconciliationReport>()) { Csv = "The run's three-way findings, one per line, with a header row." }],
            Problems = [new(404, "reconciliation-not-found", "no run of that id is recorded (or, for CSV, none with three-way findings)")],
        });
    }
}
