using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Workflows.Audit;

namespace FinanceFlow.Workflows.Cards;

/// <summary>A card batch step: the stored batch document to read (the batch travels as a blob reference).</summary>
public sealed record CardBatchRequest(StepContext Step, string RawBlobName, DateTimeOffset ReceivedAt);

/// <summary>Record: what the batch holds once its transactions are stored, or why it cannot be booked.</summary>
public sealed record CardBatchRecorded(string? Currency, int TransactionCount, decimal Total, IReadOnlyList<Finding> Findings);

/// <summary>Build: the batch journal, or the findings (governed posting: missing master data or mappings) that hold it back.</summary>
/// <param name="Governed">True when master data decided ledger and accounts; its error findings mean AwaitingMasterData.</param>
public sealed record CardJournalResult(JournalEntry? Entry, IReadOnlyList<Finding> Findings, bool Governed)
{
    /// <summary>The transactions left out of the journal because their reports credited them to the card payable before the feed.</summary>
    public IReadOnlyList<string> LeftOut { get; init; } = [];

    /// <summary>True when reports booked every transaction: no journal, and nothing is wrong.</summary>
    public bool NothingToPost { get; init; }
}

/// <summary>After posting: the batch's transactions (but those <paramref name="LeftOut"/> of its journal) are in the ledger as <paramref name="DocumentNumber"/>.</summary>
public sealed record CardBatchPostedRequest(StepContext Step, string LegalEntity, string BatchId, string DocumentNumber, IReadOnlyList<string> LeftOut);

/// <summary>The end of a batch run: its row and audit.</summary>
public sealed record CardBatchOutcomeRequest(StepContext Step, CardBatchResult Result, DateTimeOffset ReceivedAt);

/// <summary>Before a report's journal: which of its card lines clear a booked card transaction, and which claim one for the card payable.</summary>
public sealed record CardMatchRequest(StepContext Step, ExpenseReport Report);

/// <summary>
/// After a report's journal posted: the transactions it cleared, now Matched to it, and those it claimed and credited to the
/// card payable before a batch journal held them, confirmed ReportedBeforeFeed.
/// </summary>
public sealed record CardMatchedRequest(StepContext Step, IReadOnlyList<CardTransactionRef> Transactions, IReadOnlyList<ReportedCardTransaction> Reported);
