using System.Text;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Posting;

/// <summary>Our idempotency key at the ERP: one per report (not per version), because a report reaches the ledger once.</summary>
public static class ExternalReference
{
    /// <summary>Longest reference produced; fits the document-number fields of the ERPs we post to.</summary>
    public const int MaxLength = 100;

    private const int HashLength = 12;

    /// <summary><c>FF-{SOURCE}-{reportId}</c>, limited to [A-Za-z0-9._-] and <see cref="MaxLength"/> characters.</summary>
    /// <remarks>
    /// When characters had to be replaced or the reference cut, a short hash of the full original is appended,
    /// so two different reports ("R/1" and "R 1") never share a reference.
    /// </remarks>
    public static string For(ReportKey key)
    {
        var raw = $"FF-{key.Source.ToUpperInvariant()}-{key.ReportId}";
        var safe = Sanitize(raw);
        if (safe == raw && safe.Length <= MaxLength)
        {
            return safe;
        }

        var suffix = "-" + Sha256.Hex(raw)[..HashLength];
        var room = MaxLength - suffix.Length;
        return (safe.Length > room ? safe[..room] : safe) + suffix;
    }

    private static string Sanitize(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }

        return builder.ToString();
    }
}
