using System.Globalization;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Postings;
using FinanceFlow.Infrastructure.Reconciliation;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Operations;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Reconciliation;

/// <summary>
/// The nightly reconciliation, three-way and windowed: what the platforms approved (<see cref="IApprovedDocuments"/>), what
/// FinanceFlow recorded (status rows changed since the last run, and every one still open) and what each ERP ledger holds in the
/// days those touch (<see cref="LedgerWindow"/>, read with the ERP's date filter). Two comparisons come out of one read: the posting
/// log against each ledger (<see cref="LedgerReconciliation"/>: exactly-once, postings in doubt settled) and the three sides by
/// class (<see cref="ThreeWayMatch"/>). Missing documents are sent through the normal idempotent pipeline again (per class, by
/// configuration); a mismatch or a duplicate never is: it goes to the exception queue. The report is kept as JSON and CSV with a
/// summary row and an audit row, and announced as <c>financeflow.reconciliation.completed</c>; a ledger or platform that cannot be read is a finding of the run, not a failure of it.
/// </summary>
public sealed class LedgerReconciliationRunner(
    IErpLedgers ledgers,
    IPostingStore postings,
    IReportStatusStore statuses,
    IEnumerable<IApprovedDocuments> platforms,
    ReportRetry retry,
    OpenWork openWork,
    ReconciliationStore store,
    StatusPublishing statusFanOut,
    IAuditTrail audit,
    IOptionsMonitor<ReconciliationOptions> options,
    TimeProvider time,
    ILogger<LedgerReconciliationRunner> logger)
{
    /// <summary>Actor of the scheduled run.</summary>
    public const string ScheduleActor = "schedule";

    /// <summary>Actor of the runs a reconciliation starts again.</summary>
    public const string RedriveActor = "reconciliation";

    public const string LedgerUnreadable = "ledger-unreadable";
    public const string LedgerNotConfigured = "ledger-not-configured";

    // Point reads of posting and status rows run this many at a time.
    private const int ReadParallelism = 8;

    /// <param name="client">The engine the missing documents are started on again; null: the run only reports them.</param>
    public async Task<ReconciliationReport> RunAsync(string trigger, DurableTaskClient? client, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var started = time.GetUtcNow();
        var runId = string.Create(CultureInfo.InvariantCulture, $"rec-{started.UtcDateTime:yyyyMMddTHHmmss}Z-{Guid.NewGuid():N}")[..32];

        // FinanceFlow's side: what changed since the last run (at least the last WindowDays), and everything still open.
        var newest = await store.ListAsync(1, cancellationToken);
        var last = newest.Count == 0 ? null : newest[0];
        var floor = started.AddDays(-settings.WindowDays);
        var changedSince = last is not null && last.StartedAt < floor ? last.StartedAt : floor;
        changedSince = changedSince < started.AddDays(-settings.MaxWindowDays) ? started.AddDays(-settings.MaxWindowDays) : changedSince;
        var rows = (await statuses.ListChangedSinceAsync(changedSince, FinanceFlowSide.Open, cancellationToken))
            .GroupBy(r => new ReportKey(r.Source, r.ReportId)).ToDictionary(g => g.Key, g => g.First());

        // The posting log: rows open or changed since then (older ones are read row by row below, when a side names them).
        var recorded = (await postings.ListChangedSinceAsync(changedSince, cancellationToken)).ToDictionary(p => p.ExternalReference, StringComparer.Ordinal);
        var window = Window(
            rows.Values.SelectMany(r => r.Documents ?? []).Select(d => d.PostingDate).Concat(recorded.Values.Select(p => p.Target?.Date)), changedSince, started, settings);

        var (approved, reads) = await ReadPlatformsAsync(window, cancellationToken);
        foreach (var row in await ReadAllAsync(
            approved.Select(a => new ReportKey(a.Source, a.DocumentId)).Where(k => !rows.ContainsKey(k)).Distinct(), k => statuses.GetAsync(k, cancellationToken)))
        {
            rows[new ReportKey(row.Source, row.ReportId)] = row;
        }

        var side = FinanceFlowSide.From(rows.Values);

        // The older posting rows the reports read above name (never the whole log).
        await ReadPostingsAsync(recorded, side.Postings.Where(p => window.Contains(p.Date)).Select(p => p.Reference), cancellationToken);

        var results = new List<LedgerReconciliationResult>();
        var entries = new List<LedgerEntry>();
        var reconciled = new HashSet<string>(StringComparer.Ordinal);
        var unreadable = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var authoritative = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var ledger in ledgers.Distinct())
        {
            var names = ledger.Names.ToHashSet(StringComparer.OrdinalIgnoreCase);
            var mine = recorded.Values.Where(p => p.Target is not null && names.Contains(p.Target.Ledger ?? ErpLedger.DefaultName)).ToList();
            var untargeted = recorded.Values.Any(p => p.Target is null);
            if (mine.Count == 0 && ledger.Names is [ErpLedger.DefaultName] && !untargeted)
            {
                // The default ledger nobody posts to (every entity routes to a named ledger): nothing to compare.
                continue;
            }

            IReadOnlyList<ErpLedgerTransaction> transactions;
            try
            {
                transactions = await ledger.Reader.ListFinanceFlowTransactionsAsync(window, cancellationToken);
            }
            catch (ErpUnavailableException ex)
            {
                logger.LogError(ex, "Reconciliation {RunId}: ledger {Ledger} could not be read", runId, ledger.DisplayName);
                results.Add(new LedgerReconciliationResult(ledger.DisplayName, 0, mine.Count, 0,
                    [new ReconciliationFinding(LedgerUnreadable, ReconciliationCodes.Error, ledger.DisplayName, string.Empty,
                        $"Ledger {ledger.DisplayName} could not be read: {ex.Message}", "Bring the ledger back (or fix its settings) and run the reconciliation again.")]));
                reconciled.UnionWith(mine.Select(p => p.ExternalReference));
                unreadable.UnionWith(names);
                continue;
            }

            if (ledger.Reader.HasAuthoritativeLookup)
            {
                authoritative.UnionWith(names);
            }

            // What the ledger holds in the window that the log read above did not bring (posted before it): row by row.
            var added = await ReadPostingsAsync(recorded, transactions.Select(t => t.Reference), cancellationToken);
            mine.AddRange(added.Where(p => p.Target is not null && names.Contains(p.Target.Ledger ?? ErpLedger.DefaultName)));

            // Rows written before ledgers were kept: matched to the ledger that holds their reference.
            var held = transactions.Select(t => t.Reference).ToHashSet(StringComparer.Ordinal);
            mine.AddRange(recorded.Values.Where(p => p.Target is null && held.Contains(p.ExternalReference) && !reconciled.Contains(p.ExternalReference)));
            mine = [.. mine.DistinctBy(p => p.ExternalReference)];
            reconciled.UnionWith(mine.Select(p => p.ExternalReference));
            var result = LedgerReconciliation.Reconcile(
                ledger.DisplayName, transactions, [.. mine.Select(Recorded)], time.GetUtcNow(), TimeSpan.FromMinutes(settings.IntentGraceMinutes), ledger.Reader.HasAuthoritativeLookup);
            results.Add(result);
            await SettleFoundAsync(runId, result, mine, cancellationToken);
            entries.AddRange(transactions.Select(t => Entry(ledger.DisplayName, t)));
        }

        var orphans = recorded.Values.Where(p => !reconciled.Contains(p.ExternalReference)).ToList();
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

        var redrive = new HashSet<string>(StringComparer.Ordinal);
        if (settings.RedriveMissingInErp)
        {
            redrive.Add(ThreeWayClasses.MissingInErp);
        }

        if (settings.RedriveMissingInFinanceFlow)
        {
            redrive.Add(ThreeWayClasses.MissingInFinanceFlow);
        }

        var match = ThreeWayMatch.Run(
            approved,
            side.Documents,
            [.. side.Postings.Where(p => window.Contains(p.Date) && !unreadable.Contains(p.Ledger))],
            entries,
            new ThreeWayOptions(started, TimeSpan.FromMinutes(settings.StuckAfterMinutes), redrive));
        var findings = match.Findings.Select(f => f is { Class: ThreeWayClasses.MissingInErp, Redrive: true } && (client is null || !authoritative.Contains(f.Ledger ?? ErpLedger.DefaultName))
            ? f with { Redrive = false, Message = f.Message + (client is null ? " Not posted again: this run has no engine to start it on." : " Not posted again: the ledger cannot be read authoritatively, so FinanceFlow cannot prove it is gone.") }
            : f).Select(f => f is { Class: ThreeWayClasses.MissingInFinanceFlow, Redrive: true } && client is null ? f with { Redrive = false } : f).ToList();
        IReadOnlyList<string> redriven = client is null ? [] : await RedriveAsync(runId, findings, approved, client, cancellationToken);
        var threeWay = new ThreeWayReport(window.ToString(), changedSince, reads, match.Platform, match.Tracked, match.LedgerEntries, match.Matched, match.Counts, findings, redriven);

        var openItems = await openWork.ListAsync(cancellationToken);
        var watchdogRedrives = (await audit.FindAsync(AuditSteps.Watchdog, AuditOutcomes.Redriven, started.AddDays(-1), cancellationToken)).Count;
        var outcome = results.Any(r => r.Findings.Count > 0) || findings.Count > 0 || reads.Any(r => r.Error is not null) ? ReconciliationReport.Differences : ReconciliationReport.Balanced;
        var report = await store.SaveAsync(
            new ReconciliationReport(runId, trigger, started, time.GetUtcNow(), outcome, results, openItems, WatchdogRedrives: watchdogRedrives, ThreeWay: threeWay), cancellationToken);

        foreach (var finding in results.SelectMany(r => r.Findings).Where(f => f.Severity == ReconciliationCodes.Error))
        {
            logger.LogWarning("Reconciliation {RunId}: {Code} in {Ledger}: {Message}", runId, finding.Code, finding.Ledger, finding.Message);
        }

        foreach (var finding in findings)
        {
            logger.LogWarning("Reconciliation {RunId}: {Class} {Source}/{DocumentId}: {Message}", runId, finding.Class, finding.Source, finding.DocumentId, finding.Message);
        }

        logger.LogInformation("{Report}", report.ToString());
        await audit.AppendAsync(
            new AuditRecord(
                new ReportKey(AuditPartitions.Reconciliation, started.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), 1, time.GetUtcNow(), AuditSteps.ReconcileLedgers, outcome, trigger, runId,
                Sha256.Hex(report.BlobName ?? runId), report.ToString()),
            cancellationToken);

        // financeflow.reconciliation.completed to every status target, its publishing audited beside the run's row.
        await statusFanOut.PublishToAllAsync(
            new StepContext(AuditPartitions.Reconciliation, started.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 1, runId, trigger),
            StatusEvents.ReconciliationCompleted(report),
            cancellationToken);
        return report;
    }

    /// <summary>
    /// The ledger days to read: from the earlier of <paramref name="changedSince"/> and the earliest journal date of what changed
    /// (reports' documents, posting rows), to tomorrow (a ledger a time zone ahead), never more than
    /// <see cref="ReconciliationOptions.MaxWindowDays"/> back.
    /// </summary>
    private static LedgerWindow Window(IEnumerable<DateOnly?> changed, DateTimeOffset changedSince, DateTimeOffset now, ReconciliationOptions settings)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var from = DateOnly.FromDateTime(changedSince.UtcDateTime);
        foreach (var date in changed)
        {
            if (date is { } day && day < from)
            {
                from = day;
            }
        }

        var earliest = today.AddDays(-settings.MaxWindowDays);
        return new LedgerWindow(from < earliest ? earliest : from, today.AddDays(1));
    }

    private async Task<(List<ApprovedDocument> Approved, List<PlatformRead> Reads)> ReadPlatformsAsync(LedgerWindow window, CancellationToken cancellationToken)
    {
        var approved = new List<ApprovedDocument>();
        var reads = new List<PlatformRead>();
        foreach (var platform in platforms)
        {
            try
            {
                var documents = await platform.ListAsync(window, cancellationToken);
                approved.AddRange(documents);
                reads.Add(new PlatformRead(platform.Source, documents.Count));
            }
            catch (SourceUnreadableException ex)
            {
                logger.LogError(ex, "Reconciliation: platform {Source} could not be read", platform.Source);
                reads.Add(new PlatformRead(platform.Source, 0, ex.Message));
            }
        }

        return (approved, reads);
    }

    /// <summary>
    /// Sends the missing documents through the pipeline again: a journal its ledger lost is reopened in the posting log (so the run
    /// reads the ledger before it sends) and its report run again; a document a platform approved goes through that platform's intake.
    /// </summary>
    private async Task<IReadOnlyList<string>> RedriveAsync(
        string runId, IReadOnlyList<ThreeWayFinding> findings, IReadOnlyList<ApprovedDocument> approved, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var lost = findings.Where(f => f is { Class: ThreeWayClasses.MissingInErp, Redrive: true, Reference: not null }).ToList();
        foreach (var finding in lost)
        {
            if (await postings.GetAsync(finding.Reference!, cancellationToken) is { State: PostingState.Posted } row)
            {
                await postings.SettleAsync(row.ExternalReference, row.Generation, PostingState.InDoubt, null,
                    $"Reconciliation {runId}: ledger {finding.Ledger} no longer holds {row.ExternalReference} (it held {row.DocumentNumber}); the next run reads the ledger and posts it again if it is gone.",
                    cancellationToken);
            }
        }

        foreach (var report in lost.Select(f => new ReportKey(f.Source, f.DocumentId)).Distinct())
        {
            var answer = await retry.RetryLostPostingAsync(report, RedriveActor, client, cancellationToken);
            lines.Add(answer.Refusal is { } refusal
                ? $"{report.Source}/{report.ReportId}: not run again: {refusal.Detail}"
                : $"{report.Source}/{report.ReportId}: run again as {answer.Value} to post what its ledger lost");
        }

        var missing = findings.Where(f => f is { Class: ThreeWayClasses.MissingInFinanceFlow, Redrive: true })
            .Select(f => (f.Source, f.DocumentId)).ToHashSet();
        foreach (var platform in platforms)
        {
            var documents = approved.Where(a => a.Source == platform.Source && missing.Contains((a.Source, a.DocumentId))).ToList();
            if (documents.Count > 0)
            {
                lines.AddRange(await platform.RedriveAsync(documents, client, cancellationToken));
            }
        }

        foreach (var line in lines)
        {
            logger.LogWarning("Reconciliation {RunId} redrove {Line}", runId, line);
        }

        return lines;
    }

    /// <summary>Reads the posting rows of <paramref name="references"/> not yet in <paramref name="recorded"/>, adds them, and returns those found.</summary>
    private async Task<List<PostingRecord>> ReadPostingsAsync(Dictionary<string, PostingRecord> recorded, IEnumerable<string> references, CancellationToken cancellationToken)
    {
        var found = await ReadAllAsync(references.Where(r => !recorded.ContainsKey(r)).Distinct(StringComparer.Ordinal), r => postings.GetAsync(r, cancellationToken));
        foreach (var row in found)
        {
            recorded[row.ExternalReference] = row;
        }

        return found;
    }

    private static async Task<List<T>> ReadAllAsync<TKey, T>(IEnumerable<TKey> keys, Func<TKey, Task<T?>> read)
        where T : class
    {
        var found = new System.Collections.Concurrent.ConcurrentBag<T>();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism }, async (key, _) =>
        {
            if (await read(key) is { } value)
            {
                found.Add(value);
            }
        });
        return [.. found];
    }

    /// <summary>A ledger transaction as the three-way match reads it: one amount in one currency (several make it differ).</summary>
    private static LedgerEntry Entry(string ledger, ErpLedgerTransaction transaction)
    {
        // A transaction that lost its code entirely has no reference (not an empty one) for the fallback match.
        var reference = string.IsNullOrWhiteSpace(transaction.Reference) ? null : transaction.Reference;
        var debits = transaction.DebitsByCurrency.Where(d => d.Value != 0m).ToList();
        return debits.Count == 1
            ? new LedgerEntry(ledger, reference, transaction.Employee, debits[0].Value, debits[0].Key, transaction.Date)
            : new LedgerEntry(ledger, reference, transaction.Employee, debits.Sum(d => d.Value), string.Join("+", debits.Select(d => d.Key)), transaction.Date);
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
