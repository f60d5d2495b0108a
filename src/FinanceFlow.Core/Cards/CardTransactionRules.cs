namespace FinanceFlow.Core.Cards;

/// <summary>
/// Who books a card transaction's issuer liability, decided on its one stored row: a report claims it (and credits the card
/// payable) only while no batch journal holds it, and a batch journal holds (seals) it only while no report has claimed it.
/// The store applies each rule as one conditional write, so whichever write lands first decides, and the other reads it and
/// decides again: the liability is booked exactly once.
/// </summary>
public static class CardTransactionRules
{
    /// <summary>
    /// The row after the feed recorded <paramref name="fed"/>: a new row, or the stored one. A row of the same batch not yet
    /// in the ledger takes the feed's data and keeps its batch journal; one a report claimed keeps the claim (and its batch
    /// leaves it out); anything else, e.g. another batch's transaction or one already posted, stays as it is.
    /// </summary>
    public static CardTransactionRecord Record(CardTransactionRecord? existing, CardTransactionRecord fed)
    {
        ArgumentNullException.ThrowIfNull(fed);
        return existing switch
        {
            null => fed,
            { State: CardMatchState.Unmatched, BatchDocument: null } when existing.BatchId == fed.BatchId => fed with { BatchJournal = existing.BatchJournal },
            { BookedByReport: true, BatchDocument: null } when existing.BatchId is null || existing.BatchId == fed.BatchId => fed with
            {
                State = existing.State,
                MatchedReport = existing.MatchedReport,
                MatchedAt = existing.MatchedAt,
                ReportedAmount = existing.ReportedAmount,
                ReportedCurrency = existing.ReportedCurrency,
            },
            _ => existing,
        };
    }

    /// <summary>
    /// The row after <paramref name="report"/> (<c>source/reportId</c>) claimed the transaction to credit it to the card
    /// payable: a new ReportedBeforeFeed row when the feed has not delivered it, the batch's row taken over while no batch
    /// journal holds it, else the stored row unchanged (already this report's, another report's, or booked by its batch).
    /// </summary>
    public static CardTransactionRecord Claim(CardTransactionRecord? existing, ReportedCardTransaction reported, string report, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(reported);
        var (entity, id) = (reported.Transaction.LegalEntity, reported.Transaction.TransactionId);
        return existing switch
        {
            null => new CardTransactionRecord(entity, id, null, reported.EmployeeId, reported.TransactionDate, reported.Merchant, reported.Amount, reported.Currency,
                CardMatchState.ReportedBeforeFeed, null, report, at, reported.Amount, reported.Currency),
            { State: CardMatchState.Unmatched, InBatchJournal: false } => existing with
            {
                State = CardMatchState.ReportedBeforeFeed,
                MatchedReport = report,
                MatchedAt = at,
                ReportedAmount = reported.Amount,
                ReportedCurrency = reported.Currency,
            },
            _ => existing,
        };
    }

    /// <summary>
    /// The row after the batch journal <paramref name="journal"/> of <paramref name="batchId"/> took the transaction: sealed
    /// when it is the batch's and no report claimed it, else unchanged (a claimed row stays claimed: the journal leaves it out).
    /// </summary>
    public static CardTransactionRecord? Seal(CardTransactionRecord? existing, string batchId, string journal) => existing switch
    {
        { BookedByReport: false, InBatchJournal: false } when existing.BatchId == batchId => existing with { BatchJournal = journal },
        _ => existing,
    };

    /// <summary>
    /// The row after <paramref name="report"/> reserved a transaction a batch journal holds, to clear it: Clearing for that report
    /// while no report has it, else unchanged (already this report's, or another report's: that one keeps it).
    /// </summary>
    public static CardTransactionRecord? Reserve(CardTransactionRecord? existing, string report, DateTimeOffset at) => existing switch
    {
        { State: CardMatchState.Unmatched, BookedByReport: false, InBatchJournal: true } => existing with { State = CardMatchState.Clearing, MatchedReport = report, MatchedAt = at },
        _ => existing,
    };

    /// <summary>
    /// The row after <paramref name="report"/> gave up its reservation because it will not post (another line of it is refused):
    /// Unmatched again, so another report may clear it; anything else unchanged.
    /// </summary>
    public static CardTransactionRecord? Release(CardTransactionRecord? existing, string report) => existing switch
    {
        { State: CardMatchState.Clearing } when existing.MatchedReport == report => existing with { State = CardMatchState.Unmatched, MatchedReport = null, MatchedAt = null },
        _ => existing,
    };

    /// <summary>
    /// The row after <paramref name="report"/> posted: its reservation (or a transaction nobody had) becomes Matched to it, its
    /// claim before the feed Matched; a transaction another report has stays that report's.
    /// </summary>
    public static CardTransactionRecord? Match(CardTransactionRecord? existing, string report, DateTimeOffset at) => existing switch
    {
        { State: CardMatchState.Unmatched } => existing with { State = CardMatchState.Matched, MatchedReport = report, MatchedAt = at },
        { State: CardMatchState.Clearing } when existing.MatchedReport == report => existing with { State = CardMatchState.Matched, MatchedAt = at },
        { State: CardMatchState.ReportedBeforeFeed } when existing.MatchedReport == report => existing with { State = CardMatchState.Matched },
        _ => existing,
    };

    /// <summary>True when the stored row leaves the transaction to the batch journal <paramref name="journal"/>.</summary>
    public static bool IsSealedFor(CardTransactionRecord? stored, string journal) =>
        stored is { BookedByReport: false } && (stored.BatchJournal == journal || stored.IsPosted);
}
