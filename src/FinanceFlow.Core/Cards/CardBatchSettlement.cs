using System.Globalization;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Cards;

/// <summary>What a batch journal books: the batch without the transactions reports already booked, and what to tell finance about those.</summary>
/// <param name="ToBook">The batch with only the transactions its journal debits to card clearing; empty when reports booked them all.</param>
/// <param name="BookedByReports">The batch's transactions a report credited to the card payable before the feed, as stored.</param>
public sealed record CardBatchSettlement(CardBatch ToBook, IReadOnlyList<CardTransactionRecord> BookedByReports, IReadOnlyList<Finding> Findings)
{
    /// <summary>Warning: the statement and the report that booked a transaction before the feed disagree on its amount.</summary>
    public const string ReportedAmountDiffers = "card-transaction-reported-amount-differs";

    /// <summary>Warning: reports booked every transaction of the batch, so no batch journal posts.</summary>
    public const string NothingToPost = "card-batch-nothing-to-post";

    /// <summary>
    /// Leaves out of the batch journal every transaction a report booked before the feed: its spend and the issuer liability are
    /// already in the ledger through that report, and booking it again would count the liability twice and leave a card clearing
    /// debit nobody clears.
    /// </summary>
    /// <param name="stored">The batch's stored transactions (others are ignored).</param>
    public static CardBatchSettlement For(CardBatch batch, IEnumerable<CardTransactionRecord> stored)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(stored);
        var booked = stored
            .Where(s => s.BookedByReport && string.Equals(s.LegalEntity, batch.LegalEntity, StringComparison.Ordinal) && string.Equals(s.BatchId, batch.BatchId, StringComparison.Ordinal))
            .ToDictionary(s => s.TransactionId, StringComparer.Ordinal);
        var toBook = new List<CardTransaction>(batch.Transactions.Count);
        var leftOut = new List<CardTransactionRecord>();
        var findings = new List<Finding>();
        for (var i = 0; i < batch.Transactions.Count; i++)
        {
            var t = batch.Transactions[i];
            if (!booked.TryGetValue(t.TransactionId, out var record))
            {
                toBook.Add(t);
                continue;
            }

            leftOut.Add(record);
            if (record.ReportedAmount != t.Amount || !string.Equals(record.ReportedCurrency, batch.Currency, StringComparison.Ordinal))
            {
                findings.Add(new Finding(ReportedAmountDiffers, string.Create(CultureInfo.InvariantCulture,
                        $"Card transaction {t.TransactionId} is {t.Amount} {batch.Currency} on the statement, but report {record.MatchedReport} credited {record.ReportedAmount} {record.ReportedCurrency} to the card payable before the feed: left out of the batch journal, reconcile the difference with the issuer by hand."),
                    $"/transactions/{i}/amount", FindingSeverity.Warning));
            }
        }

        if (toBook.Count == 0 && leftOut.Count > 0)
        {
            findings.Add(new Finding(NothingToPost,
                $"Every transaction of batch {batch.BatchId} was already credited to the card payable by its expense report: no batch journal is posted.", "/transactions", FindingSeverity.Warning));
        }

        return new CardBatchSettlement(batch with { Transactions = toBook }, leftOut, findings);
    }
}
