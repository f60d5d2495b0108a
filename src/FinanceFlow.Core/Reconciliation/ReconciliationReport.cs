using FinanceFlow.Core.Audit;

namespace FinanceFlow.Core.Reconciliation;

/// <summary>A report finance ops still has to act on, as the reconciliation lists it.</summary>
/// <param name="Kind"><c>posting-failed</c>, <c>awaiting-master-data</c> or <c>stuck</c> (pending longer than the threshold).</param>
/// <param name="Since">When its status last changed.</param>
/// <param name="Reason">Why, in the run's words (failure reason, or the first findings).</param>
/// <param name="Action">What to do about it.</param>
/// <param name="Entities">The legal entities it concerns, where known: the report's own, those of its ERP documents, a card batch's; empty for a
/// dead-lettered message or a row written before the entity was kept.</param>
public sealed record OpenItem(string Kind, string Source, string ReportId, int Version, string Outcome, DateTimeOffset Since, string? Reason, string Action, IReadOnlyList<string>? Entities = null);

/// <summary>One reconciliation run: every ledger compared with FinanceFlow's postings, and the reports still open.</summary>
/// <param name="Trigger">Who started it: <c>schedule</c>, or the caller of <c>POST /api/v1/reconciliations</c>.</param>
/// <param name="Outcome"><c>Balanced</c> when no ledger shows a difference, else <c>Differences</c>.</param>
/// <param name="BlobName">Where the full report is kept (container <c>reconciliations</c>).</param>
/// <param name="WatchdogRedrives">Stuck reports the watchdog ran again in the 24 hours before the run.</param>
/// <param name="ThreeWay">The platforms, FinanceFlow and the ledgers compared for the days that changed; null for runs before it.</param>
public sealed record ReconciliationReport(
    string RunId,
    string Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string Outcome,
    IReadOnlyList<LedgerReconciliationResult> Ledgers,
    IReadOnlyList<OpenItem> OpenItems,
    string? BlobName = null,
    int WatchdogRedrives = 0,
    ThreeWayReport? ThreeWay = null)
{
    // The run's outcome is its audit row's outcome too: one spelling.
    public const string Balanced = AuditOutcomes.Balanced;
    public const string Differences = AuditOutcomes.Differences;

    public int Errors => Ledgers.Sum(l => l.Findings.Count(f => f.Severity == ReconciliationCodes.Error));

    public int Warnings => Ledgers.Sum(l => l.Findings.Count(f => f.Severity == ReconciliationCodes.Warning));

    /// <summary>One line for logs, audit rows and the local run's output.</summary>
    public override string ToString() =>
        $"reconciliation {RunId}: {Outcome}; {Ledgers.Count} ledger(s), {Ledgers.Sum(l => l.Matched)} posting(s) matched, "
        + $"{Errors} error(s), {Warnings} warning(s); {OpenItems.Count} open report(s)"
        + (OpenItems.Count == 0 ? string.Empty : " (" + string.Join(", ", OpenItems.GroupBy(i => i.Kind).Select(g => $"{g.Count()} {g.Key}")) + ")")
        + (WatchdogRedrives == 0 ? string.Empty : $"; {WatchdogRedrives} stuck report(s) run again by the watchdog in the last 24 h")
        + (ThreeWay is null ? string.Empty : "; " + ThreeWay);
}
