namespace FinanceFlow.Core.Cards;

/// <summary>Whether a card transaction has been settled by an expense report yet.</summary>
public enum CardMatchState
{
    /// <summary>Booked to card clearing (or waiting for its batch to post), no expense report has used it yet.</summary>
    Unmatched,

    /// <summary>An expense report's company-card line cleared it.</summary>
    Matched,
}

/// <summary>A card transaction as FinanceFlow keeps it (Table <c>CardTransactions</c>): the feed's data, its batch posting and its match.</summary>
/// <param name="BatchDocument">The ERP document of the batch journal once it is in the ledger; null before.</param>
/// <param name="MatchedReport">The report that cleared it, as <c>source/reportId</c>; null while unmatched.</param>
public sealed record CardTransactionRecord(
    string LegalEntity,
    string TransactionId,
    string BatchId,
    string EmployeeId,
    DateOnly PostedDate,
    string? Merchant,
    decimal Amount,
    string Currency,
    CardMatchState State,
    string? BatchDocument,
    string? MatchedReport,
    DateTimeOffset? MatchedAt)
{
    /// <summary>True once the batch journal that debits CardClearing for it is in the ledger.</summary>
    public bool IsPosted => BatchDocument is not null;
}
