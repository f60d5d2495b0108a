using System.Globalization;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Postings;
using FinanceFlow.Infrastructure.Reconciliation;
using FinanceFlow.Workflows.Operations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Reconciliation;

/// <summary>
/// The nightly reconciliation: reads every ERP ledger back and compares it with FinanceFlow's postings (the ERP is the system of
/// record), lists the reports and card batches finance ops still has to act on (<see cref="OpenWork"/>), keeps the report and leaves an audit row. A ledger that cannot be
/// read is a finding of the run, not a failure of it.
/// </summary>
public sealed class LedgerReconciliationRunner(
    IErpLedgers ledgers,
    IPostingStore postings,
    OpenWork openWork,
    ReconciliationStore store,
    IAuditTrail audit,
    IOptionsMonitor<ReconciliationOptions> options,
    TimeProvider time,
    ILogger<LedgerReconciliationRunner> logger)
{
    /// <summary>Actor of the scheduled run.</summary>
    public const string ScheduleActor = "schedule";

    public const string LedgerUnreadable = "ledger-unreadable";
    public const string LedgerNotConfigured = "ledger-not-configured";

    public async Task<ReconciliationReport> RunAsync(string trigger, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var started = time.GetUtcNow();
        var runId = string.Create(CultureInfo.InvariantCulture, $"rec-{started.UtcDateTime:yyyyMMddTHHmmss}Z-{Guid.NewGuid():N}")[..32];
        var recorded = await postings.ListAsync(cancellationToken);
        var results = new List<LedgerReconciliationResult>();
        var reconciled = new HashSet<string>(StringComparer.Ordinal);
        var groups = ledgers.Distinct();

        // Rows written before ledgers were kept: matched to the ledger that holds their reference.
        var untargeted = recorded.Where(p => p.Target is null).ToList();
        foreach (var ledger in groups)
        {
            var names = ledger.Names.ToHashSet(StringComparer.OrdinalIgnoreCase);
            var mine = recorded.Where(p => p.Target is not null && names.Contains(p.Target.Ledger ?? ErpLedger.DefaultName)).ToList();
            if (mine.Count == 0 && ledger.Names is [ErpLedger.DefaultName] && untargeted.Count == 0)
            {
                // The default ledger nobody posts to (every entity routes to a named ledger): nothing to compare.
                continue;
            }

            IReadOnlyList<ErpLedgerTransaction> transactions;
            try
            {
                transactions = await ledger.Reader.ListFinanceFlowTransactionsAsync(cancellationToken);
            }
            catch (ErpUnavailableException ex)
            {
                logger.LogError(ex, "Reconciliation {RunId}: ledger {Ledger} could not be read", runId, ledger.DisplayName);
                results.Add(new LedgerReconciliationResult(ledger.DisplayName, 0, mine.Count, 0,
                    [new ReconciliationFinding(LedgerUnreadable, ReconciliationCodes.Error, ledger.DisplayName, string.Empty,
                        $"Ledger {ledger.DisplayName} could not be read: {ex.Message}", "Bring the ledger back (or fix its settings) and run the reconciliation again.")]));
                reconciled.UnionWith(mine.Select(p => p.ExternalReference));
                continue;
            }

            var held = transactions.Select(t => t.Reference).ToHashSet(StringComparer.Ordinal);
            mine.AddRange(untargeted.Where(p => held.Contains(p.ExternalReference) && !reconciled.Contains(p.ExternalReference)));
            reconciled.UnionWith(mine.Select(p => p.ExternalReference));
            var result = LedgerReconciliation.Reconcile(
                ledger.DisplayName, transactions, [.. mine.Select(Recorded)], time.GetUtcNow(), TimeSpan.FromMinutes(settings.IntentGraceMinutes), ledger.Reader.HasAuthoritativeLookup);
            results.Add(result);
            await SettleFoundAsync(runId, result, mine, cancellationToken);
        }

        var orphans = recorded.Where(p => !reconciled.Contains(p.ExternalReference)).ToList();
        if (orphans.Count > 0)
        {
            // Posted to a ledger no longer configured, or (rows without a ledger) held by none of the ledgers.
            results.Add(new LedgerReconciliationResult("(not configured)", 0, orphans.Count, 0, [.. orphans.Select(p => new ReconciliationFinding(
                p.Target is null ? ReconciliationCodes.MissingInErp : LedgerNotConfigured,
                p.State == PostingState.Posted ? ReconciliationCodes.Error : ReconciliationCodes.Warning,
                p.Target?.Ledger ?? "(unknown)",
                p.ExternalReference,
                p.Target is null
                    ? $"FinanceFlow recorded {p.ExternalReference} ({p.State}) without its ledger, and no configured ledger holds it."
                    : $"{p.ExternalReference} went to ledger {p.Target.Ledger}, which is not configured any more (FinanceFlow:Erp:Ledgers:{p.Target.Ledger}).",
                "Configure the ledger again to reconcile it, or check the posting in that ERP by hand."))]));
        }

        var openItems = await openWork.ListAsync(cancellationToken);
        var redriven = (await audit.FindAsync(AuditSteps.Watchdog, AuditOutcomes.Redriven, started.AddDays(-1), cancellationToken)).Count;
        var outcome = results.Any(r => r.Findings.Count > 0) ? ReconciliationReport.Differences : ReconciliationReport.Balanced;
        var report = await store.SaveAsync(
            new ReconciliationReport(runId, trigger, started, time.GetUtcNow(), outcome, results, openItems, WatchdogRedrives: redriven), cancellationToken);

        foreach (var finding in results.SelectMany(r => r.Findings).Where(f => f.Severity == ReconciliationCodes.Error))
        {
            logger.LogWarning("Reconciliation {RunId}: {Code} in {Ledger}: {Message}", runId, finding.Code, finding.Ledger, finding.Message);
        }

        logger.LogInformation("{Report}", report.ToString());
        await audit.AppendAsync(
            new AuditRecord(
                new ReportKey(AuditPartitions.Reconciliation, started.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), 1, time.GetUtcNow(), AuditSteps.ReconcileLedgers, outcome, trigger, runId,
                Sha256.Hex(report.BlobName ?? runId), report.ToString()),
            cancellationToken);
        return report;
    }

    /// <summary>
    /// Records as posted the postings in doubt the ledger holds with the journal's amounts. The row is claimed first, and only when
    /// nobody claimed it since it was listed (before the ledger was read) is it settled, so a run that moved on is never overwritten.
    /// </summary>
    private async Task SettleFoundAsync(string runId, LedgerReconciliationResult result, IReadOnlyList<PostingRecord> rows, CancellationToken cancellationToken)
    {
        var found = result.Findings.Where(f => f.Code == ReconciliationCodes.InDoubtInErp).Select(f => f.Reference).ToHashSet(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.State == PostingState.InDoubt && found.Contains(r.ExternalReference)))
        {
            var lease = TimeSpan.FromSeconds(30);
            var claim = await postings.ClaimAsync(row.ExternalReference, row.EntryHash, row.Erp, row.Target ?? new PostingTarget(null, null, null), $"reconciliation:{runId}", lease, cancellationToken);
            if (claim.Outcome != ClaimOutcome.ClaimedInDoubt || claim.Record.Generation != row.Generation + 1)
            {
                logger.LogInformation("Reconciliation {RunId}: {Reference} changed since it was listed ({Outcome}); left to its run", runId, row.ExternalReference, claim.Outcome);
                continue;
            }

            await postings.SettleAsync(row.ExternalReference, claim.Record.Generation, PostingState.Posted, row.ExternalReference, null, cancellationToken);
            logger.LogWarning("Reconciliation {RunId}: {Reference} was in doubt and the ledger holds it; recorded as posted", runId, row.ExternalReference);
        }
    }

    private static RecordedPosting Recorded(PostingRecord p) => new(
        p.ExternalReference, p.Target?.Ledger, p.State == PostingState.Posted, p.DocumentNumber, p.InstanceId, p.CreatedAt, p.LeaseUntil, p.Target?.Currency, p.Target?.TotalDebit,
        p.State == PostingState.InDoubt, p.State == PostingState.LedgerDiffers, p.Detail);
}
