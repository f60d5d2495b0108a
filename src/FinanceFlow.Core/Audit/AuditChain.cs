using System.Globalization;
using System.Text;
using FinanceFlow.Core.Hashing;

namespace FinanceFlow.Core.Audit;

/// <summary>
/// The hash chain of one audit partition (a report, a card batch, a master-data kind, a reconciliation day): row n holds the
/// SHA-256 of row n−1 and its own SHA-256 over its canonical content, so a row changed, removed or moved without rewriting every
/// later row breaks the chain where it happened.
/// </summary>
public static class AuditChain
{
    /// <summary>What the first row of a partition names as its previous hash.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>The first line of the hashed text; a new canonical form gets a new one, and rows keep the form they were written with.</summary>
    public const string Scheme = "financeflow-audit-v1";

    /// <summary>
    /// SHA-256 (hex) of a row's canonical text: <see cref="Scheme"/>, then one line per field, <c>name=length:value</c> (length in
    /// UTF-16 code units) or <c>name=-</c> for a missing value; numbers and the time (UTC ticks) in invariant digits. The partition
    /// is part of it, so a row copied into another report's chain does not fit there.
    /// </summary>
    public static string Hash(string partition, long sequence, string previousHash, AuditContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var text = new StringBuilder(Scheme).Append('\n');
        Field(text, "partition", partition);
        Field(text, "sequence", Number(sequence));
        Field(text, "previous", previousHash);
        Field(text, "at", content.At is { } at ? Number(at.UtcTicks) : null);
        Field(text, "version", content.Version is { } version ? Number(version) : null);
        Field(text, "step", content.Step);
        Field(text, "outcome", content.Outcome);
        Field(text, "actor", content.Actor);
        Field(text, "correlationId", content.CorrelationId);
        Field(text, "inputSha256", content.InputSha256);
        Field(text, "detail", content.Detail);
        Field(text, "source", content.Source);
        Field(text, "reportId", content.ReportId);
        return Sha256.Hex(text.ToString());
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Field(StringBuilder text, string name, string? value)
    {
        text.Append(name).Append('=');
        if (value is null)
        {
            text.Append('-');
        }
        else
        {
            text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
        }

        text.Append('\n');
    }
}
