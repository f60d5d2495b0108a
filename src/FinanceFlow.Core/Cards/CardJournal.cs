using System.Globalization;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Core.Cards;

/// <summary>
/// Books a card batch before any expense report arrives: one CardClearing debit per transaction (the spend waiting for its
/// report) against what is owed to the card issuer (CardPayable). The report that names a transaction later credits
/// CardClearing with it, so the clearing account goes back to zero once every transaction is matched.
/// </summary>
public static class CardJournal
{
    /// <summary>The batch's idempotency key at the ERP: <c>FF-CARDS-{entity}-{batchId}</c> (see <see cref="ExternalReference.ForCardBatch"/>).</summary>
    public static string ReferenceFor(string legalEntity, string batchId) => ExternalReference.ForCardBatch(legalEntity, batchId);

    /// <param name="accounts">Resolves CardClearing and CardPayable per card holder (the employee id of the feed).</param>
    /// <param name="accountingDate">The statement date, or the next open period's first day when governance moved it.</param>
    public static JournalEntry Build(
        CardBatch batch, IAccountResolver accounts, DateOnly accountingDate, string? ledger = null, DateOnly? originalDate = null, IReadOnlyList<string>? mappingVersions = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(accounts);
        var lines = new List<JournalLine>(batch.Transactions.Count + 1);
        foreach (var transaction in batch.Transactions)
        {
            lines.Add(new JournalLine(
                AccountRole.CardClearing, accounts.Resolve(AccountRole.CardClearing, null, transaction.EmployeeId), transaction.Amount, 0m, Memo: Memo(transaction)));
        }

        // One credit per issuer account: normally a single line, the statement's total.
        var statement = string.Create(CultureInfo.InvariantCulture, $"{batch.CardProgram} statement {batch.StatementDate:yyyy-MM-dd}");
        foreach (var payable in batch.Transactions.GroupBy(t => accounts.Resolve(AccountRole.CardPayable, null, t.EmployeeId), StringComparer.Ordinal))
        {
            var amount = payable.Sum(t => t.Amount);
            if (amount != 0m)
            {
                lines.Add(new JournalLine(AccountRole.CardPayable, payable.Key, 0m, amount, Memo: $"{statement}, {payable.Count()} transaction(s)"));
            }
        }

        return new JournalEntry(
            ReferenceFor(batch.LegalEntity, batch.BatchId),
            batch.LegalEntity,
            accountingDate,
            batch.Currency,
            $"card batch {batch.BatchId} | {statement}",
            lines.ConvertAll(PostingRules.ToPositiveSide),
            ledger,
            originalDate,
            mappingVersions,
            ExternalReference.PreviousForCardBatch(batch.LegalEntity, batch.BatchId));
    }

    private static string Memo(CardTransaction transaction) =>
        string.Join(" | ", new[] { "Card " + transaction.TransactionId, "employee " + transaction.EmployeeId, transaction.Merchant }.Where(p => !string.IsNullOrWhiteSpace(p)));
}
