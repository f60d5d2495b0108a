using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Model;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Posting;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.DurableTask;

namespace FinanceFlow.Workflows.Cards;

/// <summary>
/// One card batch: record its transactions (Unmatched) → build one journal (debit CardClearing, credit CardPayable) of the
/// transactions no report claimed, sealing each into it → post it idempotently → mark the transactions as in the ledger →
/// record the batch's row. Expense reports naming a sealed transaction clear it. Deterministic: no I/O, no clock but the context's.
/// </summary>
public static class ProcessCardBatch
{
    private static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    /// <summary>The batch's deterministic instance id, so a redelivered message never starts a second run.</summary>
    /// <remarks>Entity and batch id are limited to [A-Za-z0-9._-] by the card schema.</remarks>
    public static string InstanceIdFor(string legalEntity, string batchId) => $"cards:{legalEntity}:{batchId}";

    public static async Task<CardBatchResult> RunAsync(TaskOrchestrationContext context, ProcessCardBatchInput input)
    {
        var key = CardBatch.KeyOf(input.LegalEntity, input.BatchId);
        var step = new StepContext(key.Source, key.ReportId, 1, context.InstanceId, input.Actor);
        var request = new CardBatchRequest(step, input.RawBlobName, input.ReceivedAt);
        var result = new CardBatchResult(input.LegalEntity, input.BatchId, ReportOutcome.Pending, CardJournal.ReferenceFor(input.LegalEntity, input.BatchId),
            null, null, null, 0, 0m, [], null);

        context.SetCustomStatus(new ReportProgress(ReportStage.Normalizing));
        var recorded = await context.CallActivityAsync<CardBatchRecorded>(nameof(CardBatchActivities.RecordCardTransactions), request, StepRetry);
        result = result with { Currency = recorded.Currency, TransactionCount = recorded.TransactionCount, Total = recorded.Total, Findings = recorded.Findings };
        if (HasErrors(recorded.Findings))
        {
            return await RecordOutcomeAsync(context, step, input, result with { Outcome = ReportOutcome.Rejected });
        }

        context.SetCustomStatus(new ReportProgress(ReportStage.BuildingJournal));
        var journal = await context.CallActivityAsync<CardJournalResult>(nameof(CardBatchActivities.BuildCardJournal), request, StepRetry);
        result = result with { Findings = [.. result.Findings, .. journal.Findings], LeftOut = journal.LeftOut };
        if (journal.NothingToPost)
        {
            // Reports credited every transaction to the card payable before the feed: the ledger already holds the whole batch.
            return await RecordOutcomeAsync(context, step, input, result with { Outcome = ReportOutcome.Posted });
        }

        if (journal.Entry is not { } entry)
        {
            // Governed gaps wait for finance to fix master data; the batch is sent again then and runs anew.
            return await RecordOutcomeAsync(context, step, input, result with { Outcome = journal.Governed ? ReportOutcome.AwaitingMasterData : ReportOutcome.Rejected });
        }

        context.SetCustomStatus(new ReportProgress(ReportStage.Posting, entry.ExternalReference));
        result = result with { Ledger = entry.Ledger };
        var posting = await PostingStep.PostAsync(context, step, entry, input.PostingRetry, context.CreateReplaySafeLogger(nameof(ProcessCardBatch)));
        if (posting.Flag == PostingFlag.Unreachable)
        {
            return await RecordOutcomeAsync(context, step, input, result with { Outcome = ReportOutcome.PostingFailed, FailureReason = posting.Reason });
        }

        if (posting.Flag == PostingFlag.InDoubt)
        {
            // It may be in the ledger: the reconciliation or a person settles it; nothing is sent again.
            return await RecordOutcomeAsync(context, step, input, result with { Outcome = ReportOutcome.PostingInDoubt, FailureReason = posting.Reason });
        }

        if (!posting.Accepted || posting.DocumentNumber is not { } document)
        {
            return await RecordOutcomeAsync(context, step, input, result with { Outcome = ReportOutcome.PostingFailed, DocumentNumber = posting.DocumentNumber, FailureReason = $"Not posted: {posting.Reason}" });
        }

        await context.CallActivityAsync<int>(
            nameof(CardBatchActivities.MarkCardBatchPosted), new CardBatchPostedRequest(step, input.LegalEntity, input.BatchId, document, journal.LeftOut), StepRetry);
        return await RecordOutcomeAsync(context, step, input, result with { Outcome = ReportOutcome.Posted, DocumentNumber = document });
    }

    private static async Task<CardBatchResult> RecordOutcomeAsync(TaskOrchestrationContext context, StepContext step, ProcessCardBatchInput input, CardBatchResult result)
    {
        context.SetCustomStatus(new ReportProgress(ReportStage.Notifying, result.Outcome.ToString()));
        await context.CallActivityAsync<bool>(nameof(CardBatchActivities.RecordCardBatchOutcome), new CardBatchOutcomeRequest(step, result, input.ReceivedAt), StepRetry);
        context.SetCustomStatus(new ReportProgress(ReportStage.Completed, result.Outcome.ToString()));
        return result;
    }

    private static bool HasErrors(IReadOnlyList<Finding> findings) => findings.Any(f => f.Severity == FindingSeverity.Error);
}
