using System.Globalization;
using FinanceFlow.Core.Journal;

namespace FinanceFlow.Core.Posting;

/// <summary>One posting as a ledger holds it: the account, the signed amount (debits positive) in its currency, and its cost objects.</summary>
public sealed record BookedLine(string Account, string Currency, decimal Amount, string? CostCenter, string? Project)
{
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Account} {Amount.ToString("0.00##########", CultureInfo.InvariantCulture)} {Currency}");
        text += string.IsNullOrEmpty(CostCenter) ? string.Empty : " costcenter " + CostCenter;
        return text + (string.IsNullOrEmpty(Project) ? string.Empty : " project " + Project);
    }
}

/// <summary>
/// What a journal books, as a ledger holds it: found under our reference, it is compared with what we meant to post before the
/// posting is recorded, so a different transaction under our reference is flagged instead of taken for ours.
/// </summary>
/// <param name="LegalEntity">The entity the ledger names, or null when it names none (then it is not compared).</param>
public sealed record BookedEntry(DateOnly Date, string? LegalEntity, IReadOnlyList<BookedLine> Lines)
{
    /// <summary>The books of <paramref name="entry"/>, with cost objects as the ledger writes them (<paramref name="asWritten"/>).</summary>
    public static BookedEntry Of(JournalEntry entry, Func<string, string>? asWritten = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var write = asWritten ?? (value => value);
        return new BookedEntry(entry.AccountingDate, write(entry.LegalEntity), [.. entry.Lines.Select(l => new BookedLine(
            l.Account, entry.Currency, l.Debit - l.Credit, Written(l.CostCenter, write), Written(l.Project, write)))]);
    }

    /// <summary>Each difference between what we meant to post and what the ledger holds, in words; empty when they book the same.</summary>
    public static IReadOnlyList<string> Differences(BookedEntry ours, BookedEntry theirs)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        var differences = new List<string>();
        if (ours.Date != theirs.Date)
        {
            differences.Add(string.Create(CultureInfo.InvariantCulture, $"dated {theirs.Date:yyyy-MM-dd}, ours {ours.Date:yyyy-MM-dd}"));
        }

        if (theirs.LegalEntity is not null && !string.Equals(ours.LegalEntity, theirs.LegalEntity, StringComparison.Ordinal))
        {
            differences.Add($"entity {theirs.LegalEntity}, ours {ours.LegalEntity}");
        }

        var missing = Except(ours.Lines, theirs.Lines);
        var extra = Except(theirs.Lines, ours.Lines);
        differences.AddRange(missing.Select(l => $"our line {l} is not in the ledger"));
        differences.AddRange(extra.Select(l => $"the ledger's line {l} is not ours"));
        return differences;
    }

    private static string? Written(string? value, Func<string, string> write) =>
        string.IsNullOrWhiteSpace(value) ? null : write(value) is { Length: > 0 } written ? written : null;

    // Multiset difference of the lines that book something: 60.0 and 60.00 are one amount (record equality compares decimals by value).
    private static List<BookedLine> Except(IReadOnlyList<BookedLine> from, IReadOnlyList<BookedLine> remove)
    {
        var left = from.Where(l => l.Amount != 0m).ToList();
        foreach (var line in remove)
        {
            var index = left.IndexOf(line);
            if (index >= 0)
            {
                left.RemoveAt(index);
            }
        }

        return left;
    }
}
