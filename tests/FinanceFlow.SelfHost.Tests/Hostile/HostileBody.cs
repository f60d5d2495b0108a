using System.Text;

namespace FinanceFlow.SelfHost.Tests.Hostile;

/// <summary>One generated request or message body: what kind of hostility it carries, its bytes and the media type it is sent as.</summary>
/// <param name="Route">Where it goes, for targets with several routes (one per kind); null for the target's only one.</param>
public sealed record HostileBody(string Kind, byte[] Bytes, string MediaType = HostileBody.Json, string? Route = null)
{
    public const string Json = "application/json";
    public const string Csv = "text/csv";

    /// <summary>The kind, the size and the first bytes, escaped: enough to see what failed in a test log.</summary>
    public override string ToString()
    {
        var preview = new StringBuilder();
        foreach (var b in Bytes.Take(160))
        {
            preview.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}");
        }

        return $"{Route}{(Route is null ? "" : " ")}{Kind} [{MediaType}, {Bytes.Length} bytes] {preview}{(Bytes.Length > 160 ? "…" : "")}";
    }
}
