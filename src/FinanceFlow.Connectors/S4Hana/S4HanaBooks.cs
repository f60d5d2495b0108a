using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Connectors.S4Hana;

/// <summary>One journal entry as the read-back sees it: its key, our reference recovered from it (null when not ours), its items.</summary>
public sealed record S4HanaJournalEntryRead(string DocumentNumber, string FiscalYear, DateOnly PostingDate, string? Reference, string? HeaderText, IReadOnlyList<S4HanaDocumentItem> Items);

/// <summary>Journal entries from cube rows, and the books compared between ours and SAP's.</summary>
public static class S4HanaBooks
{
    /// <summary>
    /// A numeric G/L account or cost center without its leading zeros (SAP may return <c>0061008000</c> for <c>61008000</c>);
    /// any other value unchanged.
    /// </summary>
    public static string Normalize(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length > 0 && trimmed.All(char.IsAsciiDigit) ? trimmed.TrimStart('0') is { Length: > 0 } digits ? digits : "0" : trimmed;
    }

    /// <summary>The journal entries the rows belong to, reversed ones and reversals left out, items in item order.</summary>
    public static IReadOnlyList<S4HanaJournalEntryRead> Documents(IEnumerable<S4HanaDocumentItem> rows) =>
        [.. rows
            .GroupBy(r => r.DocumentNumber, StringComparer.Ordinal)
            .Where(g => !g.Any(r => r.Reversed))
            .Select(g =>
            {
                var items = g.OrderBy(r => r.AccountingDocumentItem, StringComparer.Ordinal).ToList();
                var first = items[0];
                return new S4HanaJournalEntryRead(
                    g.Key, first.FiscalYear, first.PostingDate, S4HanaReference.Recover(first.DocumentReferenceId, items.Select(i => i.ItemText)), first.HeaderText, items);
            })];

    /// <summary>
    /// What our journal books, as the read-back can show it: accounts and cost centers normalized, no project (the cube shows
    /// only the WBS element's internal number), no entity (the company code is the ledger's, not the entity's name).
    /// </summary>
    public static BookedEntry Ours(JournalEntry entry) =>
        new(entry.AccountingDate, null, [.. S4HanaJournalRequest.Booked(entry).Select(l => new BookedLine(
            Normalize(l.Account), entry.Currency, l.Debit - l.Credit, string.IsNullOrWhiteSpace(l.CostCenter) ? null : Normalize(l.CostCenter), null))]);

    public static BookedEntry Theirs(S4HanaJournalEntryRead document) =>
        new(document.PostingDate, null, [.. document.Items.Select(i => new BookedLine(
            Normalize(i.GLAccount), i.Currency, i.Amount, i.CostCenter is null ? null : Normalize(i.CostCenter), null))]);
}
