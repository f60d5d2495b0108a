using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Attachments;
using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Exceptions;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.CashAdvances;
using FinanceFlow.Workflows.Posting;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>
/// One expense report version: Normalize → Enrich → Policy → Store attachments → Match (and claim) card transactions → Build journals →
/// Post each to its entity's ledger → mark the card transactions it cleared → fan out (status row, callback, audit, status
/// events to every configured target) in parallel. Deterministic: no I/O, no clock but the context's.
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

        context.SetCustomStatus(new ReportProgress(ReportStage.Normalizing));
        var normalized = await context.CallActivityAsync<NormalizeResult>(
            nameof(ReportActivities.NormalizeReport), new NormalizeRequest(step, input.RawBlobName), StepRetry);
        if (normalized.Report is not { } report)
        {
            return await RecordAndAnnounceOutcomeAsync(context, step, input, fanOut, Rejected(input, null, normalized.Findings));
        }

        context.SetCustomStatus(new ReportProgress(ReportStage.Enriching));
        var enriched = await context.CallActivityAsync<EnrichResult>(
            nameof(EnrichmentActivities.EnrichReport), new EnrichRequest(step, report, normalized.SourceJournal), StepRetry);
        if (enriched.Findings.Any(f => f.Severity == FindingSeverity.Error))
        {
            // Not the report's fault: it waits, visibly, until finance fixes master data and retries it.
            return await RecordAndAnnounceOutcomeAsync(context, step, input, fanOut, Summary(input, report, ReportOutcome.AwaitingMasterData, [.. normalized.Findings, .. enriched.Findings]));
        }

        if (CashAdvanceCheck.Applies(report, normalized.SourceJournal))
        {
            // Clearing an advance the ledger never saw would leave the clearing account wrong: the report waits for its issuance.
            var advances = await context.CallActivityAsync<IReadOnlyList<Finding>>(
                nameof(CashAdvanceActivities.CheckAdvancesIssued), new CashAdvanceCheckRequest(step, input.RawBlobName), StepRetry);
            if (advances.Count > 0)
            {
                return await RecordAndAnnounceOutcomeAsync(context, step, input, fanOut, Summary(input, report, ReportOutcome.AwaitingMasterData, [.. normalized.Findings, .. enriched.Findings, .. advances]));
            }
        }

        context.SetCustomStatus(new ReportProgress(ReportStage.CheckingPolicy));
        var today = DateOnly.FromDateTime(context.CurrentUtcDateTime);
        IReadOnlyList<Finding> findings = [.. normalized.Findings, .. enriched.Findings, .. await context.CallActivityAsync<IReadOnlyList<Finding>>(
            nameof(ReportActivities.CheckPolicy), new PolicyRequest(step, report, today, normalized.SourceJournal is not null), StepRetry)];
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
        var stored = await context.CallActivityAsync<AttachmentsResult>(
            nameof(AttachmentActivities.StoreAttachments), new AttachmentsRequest(step, report, input.RawBlobName), StepRetry);
        if (stored.Findings.Count > 0)
        {
            return await RecordAndAnnounceOutcomeAsync(context, step, input, fanOut, Rejected(input, report, [.. findings, .. stored.Findings]));
        }

        report = report with { Attachments = stored.Attachments };

        context.SetCustomStatus(new ReportProgress(ReportStage.BuildingJournal));
        var cards = CardMatching.Named(report).Count == 0 ? CardMatchResult.None : await context.CallActivityAsync<CardMatchResult>(
            nameof(CardMatchActivities.MatchCardTransactions), new CardMatchRequest(step, report), StepRetry);
        findings = [.. findings, .. cards.Findings];
        if (cards.Findings.Any(f => f.Severity == FindingSeverity.Error))
        {
            return await RecordAndAnnounceOutcomeAsync(context, step, input, fanOut, Rejected(input, report, findings));
        }

        var journal = await context.CallActivityAsync<JournalResult>(
            nameof(JournalActivities.BuildJournal), new JournalRequest(step, report, enriched.SourceJournal ?? normalized.SourceJournal, enriched.Batches, cards.ClearedIds), StepRetry);
        if (journal.Entries.Count == 0)
        {
            return await RecordAndAnnounceOutcomeAsync(context, step, input, fanOut, Rejected(input, report, [.. findings, .. journal.Findings]));
        }

        context.SetCustomStatus(new ReportProgress(ReportStage.Posting, string.Join(", ", journal.Entries.Select(e => e.ExternalReference))));

        // Each entity's journal goes to its own ledger, in parallel; each is idempotent on its own reference, so a retry
        // after one ledger failed re-sends only what is missing.
        var posted = await Task.WhenAll(journal.Entries.Select(entry => PostAsync(context, step, input, entry, report.Attachments, logger)));
        var documents = posted.Select(p => p.Document).ToArray();

        // Posted, but the ERP did not take everything (a receipt, say): the report says so, and the exception queue lists it.
        findings = [.. findings, .. posted.SelectMany(p => p.Warnings)];
        var failed = documents.Where(d => d.DocumentNumber is null).ToList();
        if (failed.Count == 0 && (cards.Cleared.Count > 0 || cards.Reported.Count > 0))
        {
            // Only once the clearing credit is in the ledger does the card transaction belong to this report. Those credited to
            // the card payable were claimed before the journal was built (so their batch leaves them out); this confirms the claims.
            // A failed posting keeps them: the retry, or a new version of the report, credits the card payable again.
            await context.CallActivityAsync<int>(
                nameof(CardMatchActivities.MarkCardTransactionsMatched), new CardMatchedRequest(step, cards.Cleared, cards.Reported), StepRetry);
        }

        // A journal refused or unreachable fails the report; one only in doubt (it may be in the ledger) holds it for the reconciliation.
        var outcome = failed.Count == 0 ? ReportOutcome.Posted
            : posted.All(p => p.InDoubt || p.Document.DocumentNumber is not null) ? ReportOutcome.PostingInDoubt
            : ReportOutcome.PostingFailed;
        var result = Summary(input, report, outcome, findings) with
        {
            ErpDocumentNumber = documents[0].DocumentNumber,
            Documents = documents,
            FailureReason = failed.Count == 0 ? null
                : documents.Length == 1 ? failed[0].Reason
                : string.Join(" ", failed.Select(d => $"{d.Entity}: {d.Reason}")),
        };
        return await RecordAndAnnounceOutcomeAsync(context, step, input, fanOut, result);
    }

    private static async Task<(ErpDocument Document, bool InDoubt, IReadOnlyList<Finding> Warnings)> PostAsync(
        TaskOrchestrationContext context, StepContext step, ProcessReportInput input, JournalEntry entry, IReadOnlyList<Attachment> receipts, ILogger logger)
    {
        var document = new ErpDocument(entry.LegalEntity, entry.Ledger, entry.Currency, entry.TotalDebit, entry.ExternalReference, null, MappingVersions: entry.MappingVersions);
        var posting = await PostingStep.PostAsync(context, step, entry, input.PostingRetry, logger);
        if (posting is { Accepted: true, DocumentNumber: { } number })
        {
            // Posted, but not all as asked (the ERP's own note, e.g. booked as a journal entry where the entity books vendor bills),
            // or the ERP did not take a receipt: the report says so, each under its own code, and the exception queue lists the receipts.
            var notes = posting.Warnings ?? [];
            var refused = posting.TakesReceipts && receipts.Count > 0
                ? await AttachReceiptsAsync(context, step, entry, posting.Confirmation ?? new ErpConfirmation(number), receipts, logger)
                : [];
            IReadOnlyList<string> warnings = [.. notes, .. refused];
            IReadOnlyList<Finding> found =
            [
                .. notes.Select(w => new Finding(PostingFindings.PostedWithNote, $"{entry.LegalEntity} {number}: {w}", null, FindingSeverity.Warning)),
                .. refused.Select(w => new Finding(ReceiptFindings.NotAttachedInErp, $"{entry.LegalEntity} {number}: {w}", "/attachments", FindingSeverity.Warning)),
            ];

            return (document with
            {
                DocumentNumber = number,
                FiscalYear = posting.Confirmation?.FiscalYear,
                PostingDate = posting.Confirmation?.PostingDate,
                Link = posting.Confirmation?.Link?.AbsoluteUri,
                Warnings = warnings.Count > 0 ? warnings : null,
            }, false, found);
        }

        return posting switch
        {
            { Flag: PostingFlag.InDoubt } => (document with { Reason = posting.Reason }, true, []),
            { Flag: PostingFlag.Unreachable } => (document with { Reason = posting.Reason }, false, []),
            _ => (document with { Reason = $"Not posted: {posting.Reason}" }, false, []),
        };
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

    private static async Task<ReportResult> RecordAndAnnounceOutcomeAsync(TaskOrchestrationContext context, StepContext step, ProcessReportInput input, StatusFanOutSteps fanOut, ReportResult result)
    {
        context.SetCustomStatus(new ReportProgress(ReportStage.Notifying, result.Outcome.ToString()));
        var request = new OutcomeRequest(step, result, input.ReceivedAt, input.RawBlobName);

        // Every target runs in parallel and independently: one failing does not hold back the others.
        await Task.WhenAll(
            TryAsync(context.CallActivityAsync<bool>(nameof(OutcomeActivities.RecordStatus), request, StepRetry)),
            TryAsync(context.CallActivityAsync<string>(nameof(OutcomeActivities.NotifySource), request, StepRetry)),
            TryAsync(context.CallActivityAsync<bool>(nameof(OutcomeActivities.RecordOutcome), request, StepRetry)),
            fanOut.PublishOutcomeAsync(result));

        context.SetCustomStatus(new ReportProgress(ReportStage.Completed, result.Outcome.ToString()));
        return result;
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
        new(input.Source, input.ReportId, input.Version, outcome, null, report.Employee.Name, report.Currency, report.TotalAmount, findings, null);
}
