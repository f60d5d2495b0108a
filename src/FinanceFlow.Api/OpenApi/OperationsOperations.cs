using System.Globalization;
using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Infrastructure.Reconciliation;
using FinanceFlow.Workflows.Metrics;
using FinanceFlow.Workflows.Operations;
using static FinanceFlow.Api.Http.RouteNames;

namespace FinanceFlow.Api.OpenApi;

/// <summary>The OpenAPI descriptions of the exception queue, metrics and reconciliation routes.</summary>
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
            Parameters =
            [
                ApiParameter.Query("kind", "Only items of this kind.", ApiSchema.OneOf(ExceptionQueue.Kinds)),
                ApiParameter.Query("source", "Only items of this expense source (any case).", ApiSchema.Json("""{"type":"string"}""")),
                ApiParameter.Query("entity", "Only items of this legal entity (any case); items recorded without an entity are not matched.", ApiSchema.Json("""{"type":"string"}""")),
                ApiParameter.Query("olderThan", "Only items open longer than this ISO 8601 duration, e.g. PT12H or P2D (no years or months).", ApiSchema.Json("""{"type":"string"}""")),
                ApiParameter.Query("top", "Page size, 1 to 500; without it every matching item is listed.", ApiSchema.Json("""{"type":"integer","minimum":1,"maximum":500}""")),
                ApiParameter.Query("continuation", "The `continuation` token of the previous page.", ApiSchema.Json("""{"type":"string"}""")),
            ],
            Answers = [new(200, "The queue (with `top`: one page, and `next`/`continuation` for the next one, null on the last).", ApiSchema.Of<ExceptionQueueView>())],
            Problems = [new(400, "invalid-query", "a filter or paging parameter is not valid; the errors name each one")],
        });

        yield return (GetMetrics, new OperationDescription(
            "Finance ops' figures of the last days",
            "Per UTC day of the window (every day present, zeros included): reports posted, rejected and failed (posting failed, in doubt, "
            + "awaiting master data), exceptions opened for resolution, and the sync lag from approval at the source to posting in the ERP "
            + "(count, nearest-rank p50 and p90, max, in minutes; null when none); the window's totals; and the finding codes of the reports "
            + "that ended rejected or failed, most frequent first. Each report counts once, with the outcome its status row has now. At most "
            + FinanceMetricsQuery.MaxRows.ToString("N0", CultureInfo.InvariantCulture) + " status rows are read: past that `truncated` is true and the figures cover the rows read.")
        {
            Parameters =
            [
                ApiParameter.Query("days", $"How many UTC days, today included, 1 to {FinanceMetricsQuery.MaxDays}; default {FinanceMetricsQuery.DefaultDays}.",
                    ApiSchema.Json($$"""{"type":"integer","minimum":1,"maximum":{{FinanceMetricsQuery.MaxDays}},"default":{{FinanceMetricsQuery.DefaultDays}}}""")),
            ],
            Answers = [new(200, "The window's figures.", ApiSchema.Of<FinanceMetrics>())],
            Problems = [new(400, "invalid-query", $"days is not a whole number from 1 to {FinanceMetricsQuery.MaxDays}")],
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
