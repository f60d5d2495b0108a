using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Cards;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Workflows.Cards;

/// <summary>One card transaction of a batch as finance sees it: the feed's data, and which report matched it.</summary>
/// <param name="InLedger">True once its spend is in the ledger: through the batch journal, or through the report that booked it first.</param>
/// <param name="BookedByReport">True when the report credited it to the card payable before the feed, so the batch journal left it out.</param>
/// <param name="ReportedAmount">What that report credited to the card payable (in <paramref name="ReportedCurrency"/>); null otherwise.</param>
public sealed record CardTransactionView(
    string TransactionId, string EmployeeId, DateOnly PostedDate, string? Merchant, decimal Amount, string Currency, bool InLedger, CardMatchState State, string? MatchedReport, DateTimeOffset? MatchedAt,
    bool BookedByReport, decimal? ReportedAmount, string? ReportedCurrency);

/// <summary>What <c>GET /api/v1/cards/{entity}/{batchId}</c> answers: the batch row, its journal's posting, every transaction's match state, and the audit trail.</summary>
public sealed record CardBatchView(
    string LegalEntity,
    string BatchId,
    string InstanceId,
    ReportStage Stage,
    ReportOutcome Outcome,
    string? RuntimeStatus,
    string? CardProgram,
    DateOnly? StatementDate,
    string? Currency,
    int TransactionCount,
    decimal? Total,
    string Reference,
    string? Ledger,
    string? DocumentNumber,
    int Matched,
    int Unmatched,
    string? FailureReason,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<CardTransactionView> Transactions,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<AuditView> Audit);

/// <summary>Finance's view of one card batch.</summary>
public sealed class CardBatchQuery(ICardBatchStore batches, ICardTransactionStore transactions, IAuditTrail audit)
{
    public async Task<Answer<CardBatchView>> GetAsync(string entity, string batchId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var row = await batches.GetAsync(entity, batchId, cancellationToken);
        if (row is null)
        {
            return Refusal.NotFound("card-batch-not-found", "Card batch not found", $"No card batch {batchId} has been received for entity '{entity}'.");
        }

        var instance = await client.GetInstanceAsync(row.InstanceId, getInputsAndOutputs: false, cancellationToken);
        var stage = instance is { IsRunning: true } && instance.ReadCustomStatusAs<ReportProgress>() is { } progress ? progress.Stage
            : row.Outcome == ReportOutcome.Pending ? ReportStage.Received : ReportStage.Completed;
        var failureReason = row.FailureReason;
        if (instance is { RuntimeStatus: OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated })
        {
            failureReason ??= instance.FailureDetails?.ErrorMessage ?? $"The run ended {instance.RuntimeStatus}.";
        }

        var stored = await transactions.ListBatchAsync(row.LegalEntity, row.BatchId, cancellationToken);
        var trail = await audit.ReadAsync(CardBatch.KeyOf(row.LegalEntity, row.BatchId), cancellationToken);
        var view = new CardBatchView(
            row.LegalEntity, row.BatchId, row.InstanceId, stage, row.Outcome, instance?.RuntimeStatus.ToString(), row.CardProgram, row.StatementDate, row.Currency,
            row.TransactionCount, row.Total, row.Reference, row.Ledger, row.DocumentNumber,
            stored.Count(t => t.State == CardMatchState.Matched), stored.Count(t => t.State == CardMatchState.Unmatched), failureReason, row.Findings,
            [.. stored.Select(t => new CardTransactionView(
                t.TransactionId, t.EmployeeId, t.PostedDate, t.Merchant, t.Amount, t.Currency, t.IsPosted || t.BookedByReport, t.State, t.MatchedReport, t.MatchedAt,
                t.BookedByReport, t.ReportedAmount, t.ReportedCurrency))],
            row.ReceivedAt, row.UpdatedAt,
            [.. trail.Select(AuditView.From)]);
        return view;
    }
}
