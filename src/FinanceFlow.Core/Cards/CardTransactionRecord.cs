namespace FinanceFlow.Core.Cards;

/// <summary>Whether a card transaction has been settled by an expense report yet.</summary>
public enum CardMatchState
{
    /// <summary>Recorded by its batch (and booked to card clearing, or on its way there), no expense report has used it yet.</summary>
    Unmatched,

    /// <summary>An expense report's company-card line cleared it, or its batch found it already booked by a report.</summary>
    Matched,

    /// <summary>
    /// An expense report whose journal clears it is posting: reserved for that report (<c>MatchedReport</c>) before its journal
    /// is built, so a second report naming the same transaction is refused instead of clearing it twice. Matched once posted.
    /// </summary>
    Clearing,

    /// <summary>
    /// An expense report claimed it before any batch journal held it, so the report credits the card payable: the batch leaves it
    /// out of its journal (and sets it Matched) instead of booking the issuer liability a second time.
    /// </summary>
    ReportedBeforeFeed,
}

/// <summary>A card transaction as FinanceFlow keeps it (Table <c>CardTransactions</c>): the feed's data, its batch posting and its match.</summary>
/// <param name="BatchId">The feed's batch; null while only a report has named the transaction.</param>
/// <param name="BatchDocument">The ERP document of the batch journal once it is in the ledger; null before.</param>
/// <param name="MatchedReport">The report that cleared it (or booked it), as <c>source/reportId</c>; null while unmatched.</param>
/// <param name="ReportedAmount">What the report that named it before the feed credited to the card payable; null otherwise.</param>
/// <param name="ReportedCurrency">The currency of <paramref name="ReportedAmount"/>.</param>
/// <param name="BatchJournal">
/// The batch journal (its reference) that books it, set when that journal is built and before it posts; from then on reports
/// clear it and none may claim it. Null while no batch journal holds it.
/// </param>
public sealed record CardTransactionRecord(
    string LegalEntity,
    string TransactionId,
    string? BatchId,
    string EmployeeId,
    DateOnly PostedDate,
    string? Merchant,
    decimal Amount,
    string Currency,
    CardMatchState State,
    string? BatchDocument,
    string? MatchedReport,
    DateTimeOffset? MatchedAt,
    decimal? ReportedAmount = null,
    string? ReportedCurrency = null,
    string? BatchJournal = null)
{
    /// <summary>True once the batch journal that debits CardClearing for it is in the ledger.</summary>
    public bool IsPosted => BatchDocument is not null;

    /// <summary>True once a batch journal books it (built, or in the ledger): the issuer liability is the batch's, reports clear it.</summary>
    public bool InBatchJournal => BatchJournal is not null || IsPosted;

    /// <summary>True when a report booked it to the card payable before the feed: no batch journal may book it again.</summary>
    public bool BookedByReport => ReportedAmount is not null;
}

/// <summary>A card transaction a report credits to the card payable because no batch journal books it yet.</summary>
/// <param name="Amount">What the report's lines naming it add up to, in <paramref name="Currency"/> (the report's).</param>
public sealed record ReportedCardTransaction(CardTransactionRef Transaction, decimal Amount, string Currency, string EmployeeId, DateOnly TransactionDate, string? Merchant);
