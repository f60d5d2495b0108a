using System.Globalization;
using System.Text.Json;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Journal;

namespace FinanceFlow.Core.Posting;

/// <summary>A fingerprint of a journal's content, to tell a replay of the same entry from a different entry under the same reference.</summary>
public static class JournalHash
{
    /// <summary>SHA-256 hex of the entry's canonical JSON: fixed property order, amounts without trailing zeros.</summary>
    public static string Compute(JournalEntry entry)
    {
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
                WriteAmount(json, "debit", line.Debit);
                WriteAmount(json, "credit", line.Credit);
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
    private static void WriteAmount(Utf8JsonWriter json, string name, decimal amount)
    {
        json.WritePropertyName(name);
        json.WriteRawValue(amount.ToString("0.############################", CultureInfo.InvariantCulture));
    }
}
