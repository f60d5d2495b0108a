using FinanceFlow.Core.Cards;
using FinanceFlow.Workflows.Cards;
using Microsoft.Azure.Functions.Worker;

namespace FinanceFlow.Functions.Durable;

/// <summary>Activity triggers of the card feed: the batch's steps and an expense report's card matching.</summary>
public sealed class CardActivityFunctions(CardBatchActivities batches, CardMatchActivities matches)
{
    [Function(nameof(CardBatchActivities.RecordCardTransactions))]
    public Task<CardBatchRecorded> RecordCardTransactions([ActivityTrigger] CardBatchRequest request, CancellationToken cancellationToken) =>
        batches.RecordCardTransactions(request, cancellationToken);

    [Function(nameof(CardBatchActivities.BuildCardJournal))]
    public Task<CardJournalResult> BuildCardJournal([ActivityTrigger] CardBatchRequest request, CancellationToken cancellationToken) =>
        batches.BuildCardJournal(request, cancellationToken);

    [Function(nameof(CardBatchActivities.MarkCardBatchPosted))]
    public Task<int> MarkCardBatchPosted([ActivityTrigger] CardBatchPostedRequest request, CancellationToken cancellationToken) =>
        batches.MarkCardBatchPosted(request, cancellationToken);

    [Function(nameof(CardBatchActivities.RecordCardBatchOutcome))]
    public Task<bool> RecordCardBatchOutcome([ActivityTrigger] CardBatchOutcomeRequest request, CancellationToken cancellationToken) =>
        batches.RecordCardBatchOutcome(request, cancellationToken);

    [Function(nameof(CardMatchActivities.MatchCardTransactions))]
    public Task<CardMatchResult> MatchCardTransactions([ActivityTrigger] CardMatchRequest request, CancellationToken cancellationToken) =>
        matches.MatchCardTransactions(request, cancellationToken);

    [Function(nameof(CardMatchActivities.MarkCardTransactionsMatched))]
    public Task<int> MarkCardTransactionsMatched([ActivityTrigger] CardMatchedRequest request, CancellationToken cancellationToken) =>
        matches.MarkCardTransactionsMatched(request, cancellationToken);
}
