using System.Text.Json;

namespace FinanceFlow.Cli.Samples;

/// <summary>One sample file with what the manifest expects of it and the fields the table shows.</summary>
public sealed record SampleReport(
    string File,
    byte[] Body,
    string ReportId,
    int Version,
    string Employee,
    string Currency,
    decimal TotalAmount,
    string ExpectedOutcome,
    int Deliveries)
{
    public static SampleReport Load(string path, string expectedOutcome, int deliveries)
    {
        var body = System.IO.File.ReadAllBytes(path);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return new SampleReport(
                Path.GetFileName(path),
                body,
                root.GetProperty("reportId").GetString() ?? "?",
                root.TryGetProperty("version", out var v) && v.TryGetInt32(out var version) ? version : 1,
                root.TryGetProperty("employee", out var e) && e.TryGetProperty("name", out var n) ? n.GetString() ?? "?" : "?",
                root.TryGetProperty("currency", out var c) ? c.GetString() ?? "?" : "?",
                root.TryGetProperty("totalAmount", out var t) && t.TryGetDecimal(out var total) ? total : 0m,
                expectedOutcome,
                deliveries);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path} is not a canonical report: {ex.Message}", ex);
        }
    }
}
