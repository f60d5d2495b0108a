using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Messaging;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.Sources;

namespace FinanceFlow.Workflows.StatusFanOut;

/// <summary>Builds status events from what the run (or the payment) knows; pure, so the orchestration may call it.</summary>
public static class StatusEvents
{
    /// <summary><c>accepted</c>: the run for this version started. The report is not read yet, so there are no amounts.</summary>
    public static StatusCloudEvent Accepted(ProcessReportInput input, string correlationId, DateTimeOffset time) =>
        Create(new ReportKey(input.Source, input.ReportId), input.Version, StatusEventTypes.Accepted, time, new StatusEventData(
            input.ReportId, input.Version, input.Source, correlationId, ReportOutcome.Pending, [], [], [], null, null));

    /// <summary>The run's final outcome: <c>posted</c>, <c>rejected</c>, <c>failed</c> or <c>held</c>.</summary>
    public static StatusCloudEvent ForResult(ReportResult result, string correlationId, DateTimeOffset time)
    {
        var documents = Documents(result.Documents);
        return Create(new ReportKey(result.Source, result.ReportId), result.Version, StatusEventTypes.For(result.Outcome), time, new StatusEventData(
            result.ReportId, result.Version, result.Source, correlationId, result.Outcome, documents, Totals(documents, result.Currency, result.TotalAmount),
            result.Findings, result.FailureReason, null));
    }

    /// <summary><c>paid</c>: one payment of a posted report; the id carries the payment reference, since a report may be paid in parts.</summary>
    public static StatusCloudEvent Paid(ReportStatusRecord row, ReportPayment payment, DateTimeOffset time)
    {
        var documents = Documents(row.Documents);
        var key = new ReportKey(row.Source, row.ReportId);
        return Create(key, row.Version, StatusEventTypes.Paid, time, new StatusEventData(
            row.ReportId, row.Version, row.Source, row.InstanceId, ReportOutcome.Paid, documents, Totals(documents, row.Currency, row.TotalAmount), row.Findings, null,
            new StatusEventPayment(payment.PaymentReference, payment.PaidAt, payment.Amount, payment.Currency, payment.PaidAmount, payment.FullyPaid, payment.ErpDocumentNumber)),
            payment.PaymentReference);
    }

    /// <summary>
    /// <c>exception.reminder</c>: the report still waits on its exception <paramref name="exception"/> until its deadline; the findings are
    /// the blocking ones. One per exception round (the id ends in the round).
    /// </summary>
    public static StatusCloudEvent ExceptionReminder(ReportResult waiting, OpenException exception, string correlationId, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        ArgumentNullException.ThrowIfNull(exception);
        var round = exception.Id[(exception.Id.LastIndexOf(':') + 1)..];
        return Create(new ReportKey(waiting.Source, waiting.ReportId), waiting.Version, StatusEventTypes.ExceptionReminder, time, new StatusEventData(
            waiting.ReportId, waiting.Version, waiting.Source, correlationId, ReportOutcome.AwaitingResolution, [], Totals([], waiting.Currency, waiting.TotalAmount),
            [.. waiting.Findings.Where(f => f is { Severity: FindingSeverity.Error, Overridable: true })],
            $"Waiting for a resolution until {exception.Deadline:yyyy-MM-dd HH:mm} UTC: approve the override, fix and retry, or reject (POST /api/v1/reports/{waiting.Source}/{waiting.ReportId}/resolution).",
            null), "round-" + round);
    }

    /// <summary>
    /// <c>financeflow.reconciliation.completed</c>: a run's counts. Id <c>reconciliation:{runId}:completed</c>, source
    /// <c>/financeflow/reconciliation</c>, subject the run id.
    /// </summary>
    public static StatusCloudEvent ReconciliationCompleted(ReconciliationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var counts = report.ThreeWay?.Counts ?? ThreeWayClasses.All.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);
        var data = new StatusEventData(
            report.RunId, 1, AuditPartitions.Reconciliation, report.RunId, null, [], [], [], null, null,
            new StatusEventReconciliation(
                report.Outcome, report.ThreeWay?.Window, report.Ledgers.Sum(l => l.Matched), counts, report.Errors, report.ThreeWay?.Redriven.Count ?? 0, report.OpenItems.Count));
        return new StatusCloudEvent(
            $"{AuditPartitions.Reconciliation}:{report.RunId}:completed", StatusEventIds.SourceUri(AuditPartitions.Reconciliation), StatusEventTypes.ReconciliationCompleted,
            report.RunId, report.FinishedAt, data);
    }

    private static StatusCloudEvent Create(ReportKey key, int version, string type, DateTimeOffset time, StatusEventData data, string? paymentReference = null) =>
        new(StatusEventIds.For(key, version, type, paymentReference), StatusEventIds.SourceUri(key.Source), type, key.ReportId, time, data);

    private static List<StatusEventDocument> Documents(IReadOnlyList<ErpDocument>? documents) =>
        [.. (documents ?? []).Select(d => new StatusEventDocument(d.Entity, d.Ledger, d.Currency, d.Amount, d.Reference, d.DocumentNumber, d.Reason, d.FiscalYear, d.PostingDate, d.Link))];

    private static List<StatusEventTotal> Totals(List<StatusEventDocument> documents, string? currency, decimal? total) =>
        documents.Count > 0
            ? [.. documents.GroupBy(d => d.Currency, StringComparer.Ordinal).Select(g => new StatusEventTotal(g.Key, g.Sum(d => d.Amount)))]
            : currency is not null && total is { } amount ? [new StatusEventTotal(currency, amount)] : [];
}
