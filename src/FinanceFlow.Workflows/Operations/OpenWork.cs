using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Cards;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.Intake.Messaging;
using FinanceFlow.Workflows.Reconciliation;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Operations;

/// <summary>
/// What finance ops still has to act on, each with what to do: reports whose posting failed or is in doubt, that wait for master data, or that
/// have been pending too long, card batches that ended the same way, and intake messages dead-lettered in the last days whose report
/// has no run since. The exception queue and the reconciliation list these.
/// </summary>
public sealed class OpenWork(
    IReportStatusStore statuses,
    ICardBatchStore batches,
    IAuditTrail audit,
    IOptionsMonitor<ReconciliationOptions> options,
    IOptionsMonitor<WatchdogOptions> watchdog,
    TimeProvider time)
{
    public const string PostingFailed = "posting-failed";
    public const string PostingInDoubt = "posting-in-doubt";
    public const string AwaitingMasterData = "awaiting-master-data";
    public const string Stuck = "stuck";
    public const string Rejected = "rejected";
    public const string DeadLettered = "dead-lettered";
    public const string ReceiptNotAttached = "receipt-not-attached";
    public const string AwaitingResolution = "awaiting-resolution";

    private static readonly ReportOutcome[] OpenOutcomes =
        [ReportOutcome.PostingFailed, ReportOutcome.PostingInDoubt, ReportOutcome.AwaitingMasterData, ReportOutcome.Pending, ReportOutcome.Rejected, ReportOutcome.AwaitingResolution];
    private static readonly ReportOutcome[] OpenBatchOutcomes =
        [ReportOutcome.PostingFailed, ReportOutcome.PostingInDoubt, ReportOutcome.AwaitingMasterData, ReportOutcome.Rejected, ReportOutcome.Pending];

    /// <summary>What to do about a posting in doubt, for reports and card batches alike.</summary>
    private const string InDoubtAction =
        "Nothing is sent again until it is settled. Run the reconciliation (POST /api/v1/reconciliations): it records the posting if the ledger "
        + "holds it. Or check the ERP for the reference by hand; with an authoritative read configured (for hledger the journal file, "
        + "FinanceFlow:Erp:Hledger:JournalPath or …:Ledgers:{ledger}:JournalPath), ";

    /// <summary>Open reports and card batches, oldest first.</summary>
    public async Task<IReadOnlyList<OpenItem>> ListAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stuckAfter = watchdog.CurrentValue.StuckAfterOr(options.CurrentValue);
        var items = new List<OpenItem>();
        foreach (var row in await statuses.ListByOutcomeAsync(OpenOutcomes, cancellationToken))
        {
            var reason = row.FailureReason ?? Summary(row.Findings);
            var retry = $"POST /api/v1/reports/{row.Source}/{row.ReportId}/retry";
            var item = row.Outcome switch
            {
                ReportOutcome.PostingFailed => new OpenItem(PostingFailed, row.Source, row.ReportId, row.Version, row.Outcome.ToString(), row.UpdatedAt, reason,
                    $"Fix what the ERP refused (or bring the ledger back), then {retry}."),
                ReportOutcome.PostingInDoubt => new OpenItem(PostingInDoubt, row.Source, row.ReportId, row.Version, row.Outcome.ToString(), row.UpdatedAt, reason,
                    $"The ERP's answer to the posting never came; it may be in the ledger. {InDoubtAction}{retry} settles it: it records the document if the ledger holds it and posts it once if not."),
                ReportOutcome.AwaitingResolution when row.Exception is { Resolution: null } open => new OpenItem(AwaitingResolution, row.Source, row.ReportId, row.Version, row.Outcome.ToString(), open.OpenedAt, reason,
                    $"A person decides by {open.Deadline:yyyy-MM-dd HH:mm} UTC (then it goes back to the source): POST /api/v1/reports/{row.Source}/{row.ReportId}/resolution with "
                    + "{\"action\":\"approve-override\",\"reason\":…} (FinanceFlow.Approver), \"fix-and-retry\" after correcting master data or mappings (FinanceFlow.Operator), or \"reject\"; "
                    + "not the report's employee, submitter or approvers."),
                ReportOutcome.AwaitingMasterData => new OpenItem(AwaitingMasterData, row.Source, row.ReportId, row.Version, row.Outcome.ToString(), row.UpdatedAt, reason,
                    $"Add the master data or mappings the findings name (PUT /api/v1/masterdata/…, /api/v1/mappings/…), then {retry}."),
                ReportOutcome.Pending when now - row.UpdatedAt > stuckAfter => new OpenItem(Stuck, row.Source, row.ReportId, row.Version, row.Outcome.ToString(), row.UpdatedAt,
                    $"Pending at stage {row.Stage} since {row.UpdatedAt:yyyy-MM-dd HH:mm} UTC (run {row.InstanceId}).",
                    $"The watchdog runs a stuck report again by itself (FinanceFlow:Watchdog:AutoRedrives, see its audit rows); if it is still here, look at the run (GET /api/v1/reports/{row.Source}/{row.ReportId}), then {retry}."),

                // Refused at intake before any run (policy rejections go back to the submitter and are not listed): only finance can settle it.
                ReportOutcome.Rejected when row.InstanceId.StartsWith(Intake.ConcurEventIntake.RejectedStatusPrefix, StringComparison.Ordinal) => new OpenItem(
                    Rejected, row.Source, row.ReportId, row.Version, row.Outcome.ToString(), row.UpdatedAt, reason,
                    "Nothing was posted. Settle the document in Concur (the findings say what Concur or FinanceFlow refused), then have Concur offer it again."),
                _ => null,
            };
            if (item is not null)
            {
                items.Add(item with { Entities = EntitiesOf(row) });
            }
        }

        foreach (var batch in await batches.ListByOutcomeAsync(OpenBatchOutcomes, cancellationToken))
        {
            var key = CardBatch.KeyOf(batch.LegalEntity, batch.BatchId);
            var reason = batch.FailureReason ?? Summary(batch.Findings);
            var view = $"GET /api/v1/cards/{batch.LegalEntity}/{batch.BatchId}";
            var item = batch.Outcome switch
            {
                ReportOutcome.PostingInDoubt => new OpenItem(PostingInDoubt, key.Source, key.ReportId, 1, batch.Outcome.ToString(), batch.UpdatedAt, reason,
                    $"The ERP's answer to the batch's posting never came; it may be in the ledger. {InDoubtAction}having the card feed send batch {batch.BatchId} again settles it ({view})."),
                ReportOutcome.PostingFailed => new OpenItem(PostingFailed, key.Source, key.ReportId, 1, batch.Outcome.ToString(), batch.UpdatedAt, reason,
                    $"Fix what the ERP refused (or bring the ledger back), then have the card feed send batch {batch.BatchId} again: a batch whose run ended {batch.Outcome} runs again ({view})."),
                ReportOutcome.AwaitingMasterData => new OpenItem(AwaitingMasterData, key.Source, key.ReportId, 1, batch.Outcome.ToString(), batch.UpdatedAt, reason,
                    $"Add the master data or account-roles mappings the findings name, then have the card feed send batch {batch.BatchId} again ({view})."),
                ReportOutcome.Rejected => new OpenItem(Rejected, key.Source, key.ReportId, 1, batch.Outcome.ToString(), batch.UpdatedAt, reason,
                    $"The card feed must send a corrected batch under a new batch id; nothing of this one is in the ledger ({view})."),
                ReportOutcome.Pending when now - batch.UpdatedAt > stuckAfter => new OpenItem(Stuck, key.Source, key.ReportId, 1, batch.Outcome.ToString(), batch.UpdatedAt,
                    $"Pending since {batch.UpdatedAt:yyyy-MM-dd HH:mm} UTC (run {batch.InstanceId}).", $"Look at the run ({view})."),
                _ => null,
            };
            if (item is not null)
            {
                items.Add(item with { Entities = [batch.LegalEntity] });
            }
        }

        items.AddRange(await DeadLettersAsync(now, cancellationToken));
        items.AddRange(await ReceiptsNotAttachedAsync(now, cancellationToken));
        return [.. items.OrderBy(i => i.Since)];
    }

    /// <summary>Dead-lettered intake messages, unless a run of their report exists since (a corrected message or webhook arrived).</summary>
    private async Task<IEnumerable<OpenItem>> DeadLettersAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var items = new List<OpenItem>();
        var rows = await audit.FindAsync(AuditSteps.Intake, AuditOutcomes.DeadLettered, now.AddDays(-options.CurrentValue.DeadLetterDays), cancellationToken);

        // One status look-up per report, however often its messages were dead-lettered.
        var ranSince = new Dictionary<ReportKey, bool>();
        foreach (var row in rows)
        {
            if (row.Report.Source != SourceNames.Cards)
            {
                if (!ranSince.TryGetValue(row.Report, out var ran))
                {
                    ran = await statuses.GetAsync(row.Report, cancellationToken) is { } status
                        && !status.InstanceId.StartsWith(IntakeMessageHandler.DeadLetterStatusPrefix, StringComparison.Ordinal);
                    ranSince[row.Report] = ran;
                }

                if (ran)
                {
                    continue;
                }
            }

            items.Add(new OpenItem(DeadLettered, row.Report.Source, row.Report.ReportId, row.Version, AuditOutcomes.DeadLettered, row.At, row.Detail,
                $"Correct the message at its sender ({row.Actor}) and send it again. The original is kept in blob raw/messages/…/{row.CorrelationId}.json; "
                + "the broker holds it in expense-intake/$deadletterqueue (Service Bus) or expense-intake-poison (Storage queue)."));
        }

        return items;
    }

    /// <summary>Posted reports whose receipts the ERP did not take, unless a later attempt attached them.</summary>
    private async Task<IEnumerable<OpenItem>> ReceiptsNotAttachedAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await audit.FindAsync(nameof(Posting.ErpActivities.AttachReceipts), AuditOutcomes.NotAttached, now.AddDays(-options.CurrentValue.DeadLetterDays), cancellationToken);
        var items = new List<OpenItem>();
        foreach (var row in rows.GroupBy(r => r.Report).Select(g => g.MaxBy(r => r.At)!))
        {
            // One read per such report: the newest attach row decides (a retry of the report that attached them closes the item).
            var latest = (await audit.ReadAsync(row.Report, cancellationToken)).Where(r => r.Step == row.Step).MaxBy(r => r.At);
            if (latest?.Outcome == AuditOutcomes.Attached)
            {
                continue;
            }

            items.Add(new OpenItem(ReceiptNotAttached, row.Report.Source, row.Report.ReportId, row.Version, ReportOutcome.Posted.ToString(), row.At, row.Detail,
                $"The report is posted; its receipts are kept in FinanceFlow (GET /api/v1/reports/{row.Report.Source}/{row.Report.ReportId}). Attach them in the ERP by "
                + $"hand, or fix what the ERP refused and POST /api/v1/reports/{row.Report.Source}/{row.Report.ReportId}/retry: the posting is not sent again, the receipts are.",
                EntitiesOf(await statuses.GetAsync(row.Report, cancellationToken))));
        }

        return items;
    }

    /// <summary>The report's own entity (kept from intake) and those of its ERP documents, each once.</summary>
    private static IReadOnlyList<string> EntitiesOf(ReportStatusRecord? row) =>
        row is null ? [] : [.. new[] { row.LegalEntity }.Concat(row.Documents?.Select(d => d.Entity) ?? []).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)];

    private static string? Summary(IReadOnlyList<Finding> findings) =>
        findings.Count == 0 ? null : string.Join("; ", findings.Where(f => f.Severity == FindingSeverity.Error).DefaultIfEmpty(findings[0]).Take(3).Select(f => $"{f.Code}: {f.Message}"));
}
