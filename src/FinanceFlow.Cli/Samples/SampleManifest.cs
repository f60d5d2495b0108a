using System.Text.Json;
using System.Text.Json.Serialization;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Cli.Samples;

/// <summary>
/// <c>manifest.json</c> in the samples folder: which files to send, how often, and the outcome each must reach.
/// Without a manifest every <c>*.json</c> file is sent once and expected to be Posted.
/// </summary>
public sealed class SampleManifest
{
    public const string FileName = "manifest.json";

    [JsonPropertyName("reports")]
    public List<ManifestEntry> Reports { get; init; } = [];

    public static IReadOnlyList<SampleReport> LoadReports(string directory)
    {
        var manifestPath = Path.Combine(directory, FileName);
        if (!File.Exists(manifestPath))
        {
            return Directory.GetFiles(directory, "*.json")
                .Where(f => !string.Equals(Path.GetFileName(f), FileName, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(f => SampleReport.Load(f, nameof(ReportOutcome.Posted), 1))
                .ToList();
        }

        var manifest = JsonSerializer.Deserialize<SampleManifest>(File.ReadAllBytes(manifestPath))
            ?? throw new InvalidDataException($"{manifestPath} is empty.");
        return manifest.Reports
            .Select(e => SampleReport.Load(
                Path.Combine(directory, e.File ?? throw new InvalidDataException($"{manifestPath}: an entry has no \"file\".")),
                e.ExpectedOutcome ?? nameof(ReportOutcome.Posted),
                e.Deliveries is >= 1 and <= 10 ? e.Deliveries : throw new InvalidDataException($"{manifestPath}: {e.File} deliveries must be 1–10.")))
            .ToList();
    }
}

/// <summary>One line of the manifest.</summary>
public sealed class ManifestEntry
{
    [JsonPropertyName("file")]
    public string? File { get; init; }

    /// <summary>Posted, Rejected or PostingFailed.</summary>
    [JsonPropertyName("expectedOutcome")]
    public string? ExpectedOutcome { get; init; }

    /// <summary>How many times the same webhook message is delivered (same webhook-id, re-signed).</summary>
    [JsonPropertyName("deliveries")]
    public int Deliveries { get; init; } = 1;
}
