using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FinanceFlow.Core.Model;

/// <summary>Identity of a report at its source.</summary>
public sealed record ReportKey(string Source, string ReportId)
{
    /// <summary>Table storage partition key: source and id, with characters tables reject replaced.</summary>
    public string PartitionKey => $"{Source}|{Sanitize(ReportId)}";

    /// <summary>Deterministic orchestration instance id of one version, so a redelivery never starts a second run.</summary>
    public string InstanceId(int version)
    {
        var id = IsPlain(ReportId) ? ReportId : "h" + Hash(ReportId);
        return string.Create(CultureInfo.InvariantCulture, $"expense:{Source}:{id}:v{version}");
    }

    /// <summary>A value usable as a Table storage key: plain ids unchanged, anything else as a stable hash.</summary>
    public static string ToTableKey(string value) => Sanitize(value);

    public override string ToString() => $"{Source}/{ReportId}";

    private static bool IsPlain(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static string Sanitize(string value) =>
        IsPlain(value) ? value : "h" + Hash(value);

    private static string Hash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];
}
