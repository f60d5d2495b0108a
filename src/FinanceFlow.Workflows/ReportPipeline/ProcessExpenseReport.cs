using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Exceptions;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Posting;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>
/// One expense report version: Normalize → Enrich → Policy → Store attachments → Match (and claim) card transactions → Build journals →
/// Post each to its entity's ledger → mark the card transactions it cleared → fan out (status row, callback, audit, status
/// events to every configured target) in parallel. Deterministic: no I/O, no clock but the context's. A clean report costs two
/// activities: the steps up to the first posting attempt run as one (<see cref="PrepareActivities"/>), the outcome step as one
/// (<see cref="OutcomeActivities.FinishReport"/>); whatever does not settle on that path (a person's decision, a posting retried,
/// a receipt or card step) runs as activities of its own.
/// </summary>
public static class ProcessExpenseReport
{
    private static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    public static async Task<ReportResult> RunAsync(TaskOrchestrationContext context, ProcessReportInput input)
    {
        var logger = context.CreateReplaySafeLogger(nameof(ProcessExpenseReport));
        var step = new StepContext(input.Source, input.ReportId, input.Version, context.InstanceId, input.Actor);
        var fanOut = StatusFanOutSteps.Start(context, step, input);

        // Normalize to Build journal in one activity (PrepareActivities); it stops where this run would, and leaves the steps that
        // write out when a finding may still let a person decide.
        context.SetCustomStatus(new ReportProgress(ReportStage.Normalizing));
        var prepared = await context.CallActivityAsync<PreparedReport>(
            nameof(PrepareActivities.PrepareReport), new PrepareRequest(step, input.RawBlobName, DateOnly.FromDateTime(context.CurrentUtcDateTime), input.ReceivedAt), StepRetry);
        if (prepared.Finished is { } finished)
        {
            // A clean report, posted and its outcome recorded in that one activity: what is left is announcing it.
            return await RecordAndAnnounceOutcomeAsync(context, step, input, fanOut, finished.Result, finished);
        }

        var normalized = prepared.Normalized;
        if (normalized.Report is not { } report)
        {
            return await RecordAndAnnounceOutcomeAsync(context, step, input, fanOut, Rejected(input, null, normalized.Findings));
        }

        var enriched = prepared.Enriched!;
        if (enriched.Findings.Any(f => f.Severity == FindingSeverity.Error))
        {
            // Not the report's fault: it waits, visibly, until finance fixes master data and retries it.
            return await RecordAndAnnounceOutcomeAsync(context, step, input, fanOut, Summary(input, report, ReportOutcome.AwaitingMasterData, [.. normalized.Findings, .. enriched.Findings]));
        }

        if (prepared.Advances is { Count: > 0 } advances)
        {
            // Clearing an advance the ledger never saw would leave the clearing account wrong: the report waits for its issuance.
            return await RecordAndAnnounceOutcomeAsync(context, step, input, fanOut, Summary(input, report, ReportOutcome.AwaitingMasterData, [.. normalized.Findings, .. enriched.Findings, .. advances]));
        }

        IReadOnlyList<Finding> findings = [.. normalized.Findings, .. enriched.Findings, .. prepared.Policy!];
        if (ExceptionWait.Applies(input, findings))
        {
            // Only overridable findings block it (a missing receipt, an amount over the limit): a person decides, not the rule.
            var waiting = Summary(input, report, ReportOutcome.AwaitingResolution, findings);
            var resolution = await ExceptionWait.WaitAsync(context, step, input, report, waiting, fanOut);
            switch (resolution?.Action)
            {
                case null:
                    return await RecordAndAnnounceOutcomeAsync(context, step, input, fanOut, Rejected(input, report,
                        [.. findings, new Finding(ExceptionFindings.TimedOut, $"Nobody resolved the exception within {input.ExceptionWait!.TimeoutBusinessDays} business days; the report goes back to the source.")]));
                case ResolutionActions.Reject:
                    return await RecordAndAnnounceOutcomeAsync(context, step, input, fanOut, Rejected(input, report,
                        [.. findings, new Finding(ExceptionFindings.Rejected, $"Rejected by {resolution!.Resolver}: {resolution.Reason}")]));
                case ResolutionActions.FixAndRetry:
                    // Master data or mappings were corrected: the whole run again, fresh, with the next round's exception id.
                    context.ContinueAsNew(input with { ExceptionRound = input.ExceptionRound + 1 }, preserveUnprocessedEvents: false);
                    return Summary(input, report, ReportOutcome.Pending, findings);
                default:
                    findings = ExceptionWait.Overridden(findings, resolution!);
                    break;
            }
        }

        if (findings.Any(f => f.Severity == FindingSeverity.Error))
        {
            return await RecordAndAnnounceOutcomeAsync(context, step, input, fanOut, Rejected(input, report, findings));
        }

        context.SetCustomStatus(new ReportProgress(ReportStage.StoringAttachments));
        var stored = prepared.Stored ?? await context.CallActivityAsync<AttachmentsResult>(
            nameof(AttachmentActivities.StoreAttachments), new AttachmentsRequest(step, report, input.RawBlobName), StepRetry);
        if (stored.Findings.Count > 0)
        {
            return await RecordAndAnnounceOutcomeAsync(context, step, input, fanOut, Rejected(input, report, [.. findings, .. stored.Findings]));
        }

        report = report with { Attachments = stored.Attachments };

        context.SetCustomStatus(new ReportProgress(ReportStage.BuildingJournal));
        var cards = prepared.Cards ?? (CardMatching.Named(report).Count == 0 ? CardMatchResult.None : await context.CallActivityAsync<CardMatchResult>(
            nameof(CardMatchActivities.MatchCardTransactions), new CardMatchRequest(step, report), StepRetry));
        findings = [.. findings, .. cards.Findings];
        if (cards.Findings.Any(f => f.Severity == FindingSeverity.Error))
        {
            return await RecordAndAnnounceOutcomeAsync(context, step, input, fanOut, Rejected(input, report, findings));
        }

        var journal = prepared.Journal ?? await context.CallActivityAsync<JournalResult>(
            nameof(JournalActivities.BuildJournal), new JournalRequest(step, report, enriched.SourceJournal ?? normalized.SourceJournal, enriched.Batches, cards.ClearedIds), StepRetry);
        if (journal.Entries.Count == 0)
        {
            return await RecordAndAnnounceOutcomeAsync(context, step, input, fanOut, Rejected(input, report, [.. findings, .. journal.Findings]));
        }

        context.SetCustomStatus(new ReportProgress(ReportStage.Posting, string.Join(", ", journal.Entries.Select(e => e.ExternalReference))));

        // Each entity's journal goes to its own ledger, in parallel; each is idempotent on its own reference, so a retry
        // after one ledger failed re-sends only what is missing.
        var posted = await Task.WhenAll(journal.Entries.Select((entry, i) => PostAsync(context, step, input, entry, prepared.Posted?[i], report.Attachments, logger)));
        if (posted.All(p => p.Document.DocumentNumber is not null) && (cards.Cleared.Count > 0 || cards.Reported.Count > 0))
        {
            // Only once the clearing credit is in the ledger does the card transaction belong to this report. Those credited to
            // the card payable were claimed before the journal was built (so their batch leaves them out); this confirms the claims.
            // A failed posting keeps them: the retry, or a new version of the report, credits the card payable again.
            await context.CallActivityAsync<int>(
                nameof(CardMatchActivities.MarkCardTransactionsMatched), new CardMatchedRequest(step, cards.Cleared, cards.Reported), StepRetry);
        }

        return await RecordAndAnnounceOutcomeAsync(context, step, input, fanOut, PostedReport.Result(step, report, findings, posted));
    }

    private static async Task<PostedEntry> PostAsync(
        TaskOrchestrationContext context, StepContext step, ProcessReportInput input, JournalEntry entry, PostingOutcome? firstAttempt, IReadOnlyList<Attachment> receipts, ILogger logger)
    {
        // The prepare step's attempt settled it (posted, refused, in doubt); else the durable retries post it.
        var posting = firstAttempt ?? await PostingStep.PostAsync(context, step, entry, input.PostingRetry, logger);
        var refused = posting is { Accepted: true, DocumentNumber: { } number, TakesReceipts: true } && receipts.Count > 0
            ? await AttachReceiptsAsync(context, step, entry, posting.Confirmation ?? new ErpConfirmation(number), receipts, logger)
            : [];
        return PostedReport.Entry(entry, posting, refused);
    }

    /// <summary>The receipts onto the posted document, retried while the ERP is away; what still did not go is a warning, never a failed posting.</summary>
    private static async Task<IReadOnlyList<string>> AttachReceiptsAsync(
        TaskOrchestrationContext context, StepContext step, JournalEntry entry, ErpConfirmation document, IReadOnlyList<Attachment> receipts, ILogger logger)
    {
        try
        {
            var result = await context.CallActivityAsync<AttachReceiptsResult>(
                nameof(ErpActivities.AttachReceipts), new AttachReceiptsRequest(step, entry.Ledger, document, receipts), AttachRetry);
            return [.. result.Refused.Select(r => "receipt not attached: " + r)];
        }
        catch (TaskFailedException ex)
        {
            logger.LogWarning("Receipts of {Reference} were not attached to {Document}: {Cause}", entry.ExternalReference, document.DocumentNumber, ex.FailureDetails.ErrorMessage);
            var warning = $"receipts not attached after {AttachAttempts} attempts: {ex.FailureDetails.ErrorMessage}";
            await context.CallActivityAsync<bool>(
                nameof(ErpActivities.RecordReceiptsNotAttached), new ReceiptsNotAttachedRequest(step, document.DocumentNumber, warning), StepRetry);
            return [warning];
        }
    }

    private const int AttachAttempts = 4;

    private static readonly TaskOptions AttachRetry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: AttachAttempts, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 3));

    /// <param name="recorded">Set when the prepare step recorded the outcome already (and said whether the source heard of it).</param>
    private static async Task<ReportResult> RecordAndAnnounceOutcomeAsync(
        TaskOrchestrationContext context, StepContext step, ProcessReportInput input, StatusFanOutSteps fanOut, ReportResult result, FinishedReport? recorded = null)
    {
        context.SetCustomStatus(new ReportProgress(ReportStage.Notifying, result.Outcome.ToString()));
        var request = new OutcomeRequest(step, result, input.ReceivedAt, input.RawBlobName);
        var finishing = recorded switch
        {
            null => FinishAsync(context, request),
            { Notified: false } => TryAsync(context.CallActivityAsync<string>(nameof(OutcomeActivities.NotifySource), request, StepRetry)),
            _ => Task.CompletedTask,
        };

        // The status targets run in parallel with the outcome step and independently: one failing does not hold back the others.
        await Task.WhenAll(finishing, fanOut.PublishOutcomeAsync(result));

        context.SetCustomStatus(new ReportProgress(ReportStage.Completed, result.Outcome.ToString()));
        return result;
    }

    /// <summary>
    /// The outcome step as one activity (<see cref="OutcomeActivities.FinishReport"/>); a source not told is told again on its own.
    /// Should the step fail altogether, its parts run as activities of their own, each with its retries, none waiting for another.
    /// </summary>
    private static async Task FinishAsync(TaskOrchestrationContext context, OutcomeRequest request)
    {
        try
        {
            var finished = await context.CallActivityAsync<FinishResult>(nameof(OutcomeActivities.FinishReport), request, StepRetry);
            if (!finished.Notified)
            {
                await TryAsync(context.CallActivityAsync<string>(nameof(OutcomeActivities.NotifySource), request, StepRetry));
            }
        }
        catch (TaskFailedException)
        {
            await Task.WhenAll(
                TryAsync(context.CallActivityAsync<bool>(nameof(OutcomeActivities.RecordStatus), request, StepRetry)),
                TryAsync(context.CallActivityAsync<string>(nameof(OutcomeActivities.NotifySource), request, StepRetry)),
                TryAsync(context.CallActivityAsync<bool>(nameof(OutcomeActivities.RecordOutcome), request, StepRetry)));
        }
    }

    private static async Task TryAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (TaskFailedException)
        {
            // The activity wrote its own audit row about the failure; the report's outcome stands.
        }
    }

    private static ReportResult Rejected(ProcessReportInput input, ExpenseReport? report, IReadOnlyList<Finding> findings) =>
        report is null
            ? new ReportResult(input.Source, input.ReportId, input.Version, ReportOutcome.Rejected, null, null, null, null, findings, null)
            : Summary(input, report, ReportOutcome.Rejected, findings);

    private static ReportResult Summary(ProcessReportInput input, ExpenseReport report, ReportOutcome outcome, IReadOnlyList<Finding> findings) =>
        PostedReport.Summary(input.Source, input.ReportId, input.Version, report, outcome, findings);
}
