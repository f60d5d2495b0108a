using System.Globalization;
using System.Text.Json;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Posting;
using FinanceFlow.Core.Reconciliation;

namespace FinanceFlow.Connectors.BusinessCentral;

/// <summary>One line as Business Central holds it (a G/L entry, or a journal line not posted yet); amounts signed, debits positive.</summary>
internal sealed record BusinessCentralLine(string Id, long EntryNumber, DateOnly PostingDate, string DocumentNumber, string AccountNumber, string Description, decimal Amount);

/// <summary>Reads Business Central's lines and compares them with a journal, as the description and amounts hold it.</summary>
internal static class BusinessCentralBooks
{
    /// <summary>A <c>generalLedgerEntries</c> entity (<c>debitAmount</c>, <c>creditAmount</c>).</summary>
    public static BusinessCentralLine LedgerEntry(JsonElement e) => new(
        e.GetProperty("id").GetString() ?? string.Empty,
        e.GetProperty("entryNumber").GetInt64(),
        Date(e.GetProperty("postingDate")),
        e.GetProperty("documentNumber").GetString() ?? string.Empty,
        e.GetProperty("accountNumber").GetString() ?? string.Empty,
        e.TryGetProperty("description", out var d) ? d.GetString() ?? string.Empty : string.Empty,
        e.GetProperty("debitAmount").GetDecimal() - e.GetProperty("creditAmount").GetDecimal());

    /// <summary>A <c>journalLines</c> entity (signed <c>amount</c>).</summary>
    public static BusinessCentralLine JournalLine(JsonElement e) => new(
        e.GetProperty("id").GetString() ?? string.Empty,
        e.TryGetProperty("lineNumber", out var n) ? n.GetInt64() : 0,
        Date(e.GetProperty("postingDate")),
        e.GetProperty("documentNumber").GetString() ?? string.Empty,
        e.GetProperty("accountNumber").GetString() ?? string.Empty,
        e.TryGetProperty("description", out var d) ? d.GetString() ?? string.Empty : string.Empty,
        e.GetProperty("amount").GetDecimal());

    /// <summary>
    /// The transactions among G/L entries: per document number, in entry order, a run that balances to zero is one posting, so a
    /// document posted twice reads as two transactions (duplicates the reconciliation must see).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<BusinessCentralLine>> Transactions(IEnumerable<BusinessCentralLine> entries)
    {
        var transactions = new List<IReadOnlyList<BusinessCentralLine>>();
        foreach (var document in entries.GroupBy(e => e.DocumentNumber, StringComparer.Ordinal))
        {
            var run = new List<BusinessCentralLine>();
            var balance = 0m;
            foreach (var entry in document.OrderBy(e => e.EntryNumber))
            {
                run.Add(entry);
                balance += entry.Amount;
                if (balance == 0m)
                {
                    transactions.Add(run);
                    run = [];
                }
            }

            if (run.Count > 0)
            {
                transactions.Add(run);
            }
        }

        return transactions;
    }

    /// <summary>What the journal books once Business Central holds it: cost objects as the line descriptions keep them.</summary>
    public static BookedEntry Ours(JournalEntry entry)
    {
        var documentNumber = BusinessCentralReference.DocumentNumber(entry.ExternalReference);
        return new BookedEntry(entry.AccountingDate, null, [.. entry.Lines.Select(l =>
        {
            var written = BusinessCentralReference.Description(entry.ExternalReference, l.CostCenter, l.Project, l.Memo ?? entry.Description);
            var (_, costCenter, project, _) = BusinessCentralReference.ReadDescription(written, documentNumber);
            return new BookedLine(l.Account, entry.Currency, l.Debit - l.Credit, costCenter, project);
        })]);
    }

    /// <summary>What Business Central's lines book, in the company's currency.</summary>
    public static BookedEntry Theirs(IReadOnlyList<BusinessCentralLine> lines, string currency) =>
        new(lines.Count == 0 ? default : lines[0].PostingDate, null, [.. lines.Select(l =>
        {
            var (_, costCenter, project, _) = BusinessCentralReference.ReadDescription(l.Description, l.DocumentNumber);
            return new BookedLine(l.AccountNumber, currency, l.Amount, costCenter, project);
        })]);

    /// <summary>A posted transaction for the reconciliation, under our full reference read from its descriptions.</summary>
    public static ErpLedgerTransaction Reconciled(IReadOnlyList<BusinessCentralLine> lines, string currency)
    {
        var first = lines[0];
        var read = lines.Select(l => BusinessCentralReference.ReadDescription(l.Description, l.DocumentNumber)).FirstOrDefault(r => r.Reference is not null);
        var debits = lines.Where(l => l.Amount > 0).Sum(l => l.Amount);
        return new ErpLedgerTransaction(read.Reference ?? first.DocumentNumber, first.PostingDate, read.Reference is null ? first.Description : read.Remainder, new Dictionary<string, decimal>(StringComparer.Ordinal) { [currency] = debits });
    }

    private static DateOnly Date(JsonElement value) => DateOnly.ParseExact(value.GetString() ?? string.Empty, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
