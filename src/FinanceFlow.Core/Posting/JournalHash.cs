using System.Globalization;
using System.Text.Json;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Journal;

namespace FinanceFlow.Core.Posting;

/// <summary>How a stored journal hash compares with an entry.</summary>
public enum HashComparison
{
    /// <summary>The same books: same reference, entity, date, currency, accounts, amounts and cost objects.</summary>
    Same,

    /// <summary>Something that reaches the books differs.</summary>
    Different,

    /// <summary>A hash of the whole entry (written before issue 11, description and memos included) that differs: the books may or may not.</summary>
    Unknown,
}

/// <summary>
/// A fingerprint of what a journal books — external reference, legal entity, accounting date, currency, and per line account,
/// amounts, cost center and project — to tell a replay of the same books from different books under the same reference. The
/// description (which names the report version) and memos are left out: a new version that books the same is the same posting.
/// </summary>
public static class JournalHash
{
    /// <summary>Starts every hash of this kind; hashes without it were computed over the whole entry.</summary>
    public const string Prefix = "books1:";

    /// <summary><see cref="Prefix"/> and the SHA-256 hex of the books' canonical JSON: fixed order, lines sorted, amounts without trailing zeros.</summary>
    public static string Compute(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var lines = entry.Lines
            .Select(l => (l.Account, Debit: Amount(l.Debit), Credit: Amount(l.Credit), CostCenter: l.CostCenter ?? string.Empty, Project: l.Project ?? string.Empty))
            .OrderBy(l => l.Account, StringComparer.Ordinal)
            .ThenBy(l => l.Debit, StringComparer.Ordinal)
            .ThenBy(l => l.Credit, StringComparer.Ordinal)
            .ThenBy(l => l.CostCenter, StringComparer.Ordinal)
            .ThenBy(l => l.Project, StringComparer.Ordinal)
            .ToList();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("externalReference", entry.ExternalReference);
            json.WriteString("legalEntity", entry.LegalEntity);
            json.WriteString("accountingDate", entry.AccountingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("currency", entry.Currency);
            json.WriteStartArray("lines");
            foreach (var line in lines)
            {
                json.WriteStartObject();
                json.WriteString("account", line.Account);
                json.WritePropertyName("debit");
                json.WriteRawValue(line.Debit);
                json.WritePropertyName("credit");
                json.WriteRawValue(line.Credit);
                json.WriteString("costCenter", line.CostCenter);
                json.WriteString("project", line.Project);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Prefix + Sha256.Hex(buffer.ToArray());
    }

    /// <summary>Compares a hash kept in the posting log with an entry; a hash of the older kind can only say "same" for the very same entry.</summary>
    public static HashComparison Compare(string storedHash, JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(storedHash);
        if (storedHash.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return string.Equals(storedHash, Compute(entry), StringComparison.Ordinal) ? HashComparison.Same : HashComparison.Different;
        }

        return string.Equals(storedHash, ComputeWholeEntry(entry), StringComparison.Ordinal) ? HashComparison.Same : HashComparison.Unknown;
    }

    /// <summary>The hash posting rows held before issue 11: the whole entry, description (with its version label) and memos included.</summary>
    public static string ComputeWholeEntry(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("externalReference", entry.ExternalReference);
            json.WriteString("legalEntity", entry.LegalEntity);
            json.WriteString("accountingDate", entry.AccountingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("currency", entry.Currency);
            json.WriteString("description", entry.Description);
            json.WriteStartArray("lines");
            foreach (var line in entry.Lines)
            {
                json.WriteStartObject();
                json.WriteString("role", line.Role.ToString());
                json.WriteString("account", line.Account);
                json.WritePropertyName("debit");
                json.WriteRawValue(Amount(line.Debit));
                json.WritePropertyName("credit");
                json.WriteRawValue(Amount(line.Credit));
                json.WriteString("costCenter", line.CostCenter);
                json.WriteString("project", line.Project);
                json.WriteString("memo", line.Memo);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Sha256.Hex(buffer.ToArray());
    }

    // 60.0 and 60.00 are the same amount and must hash the same.
    private static string Amount(decimal amount) => amount.ToString("0.############################", CultureInfo.InvariantCulture);
}
