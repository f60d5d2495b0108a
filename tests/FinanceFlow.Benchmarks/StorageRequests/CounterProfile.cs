using System.Text.Json;
using System.Text.Json.Nodes;
using FinanceFlow.Testing;

namespace FinanceFlow.Benchmarks.StorageRequests;

/// <summary>
/// What the counter sends. A sample of <c>samples/</c> as it is, with enrichment off and one ledger (the setting the issue-16 figure
/// was taken in: no master data, accounts from <c>FinanceFlow:Accounts</c>); or <see cref="ReceiptTwoEntities"/>: five lines, one
/// receipt fetched by URL and two legal entities, which needs enrichment (master data and mappings, ledgers us01 and de01) and a
/// receipt host.
/// </summary>
internal sealed class CounterProfile
{
    /// <summary>Sample 15 (US01 meal, DE01 hotel, Ada Lovelace) plus three US01 lines of sample 14, one report-level PDF receipt by URL.</summary>
    public const string ReceiptTwoEntities = "receipt-two-entities";

    private readonly string? _file;

    private CounterProfile(string name, string? file, bool governed)
    {
        Name = name;
        _file = file;
        Governed = governed;
    }

    public string Name { get; }

    /// <summary>Enrichment required, master data and mappings loaded, a receipt host: the second profile.</summary>
    public bool Governed { get; }

    /// <summary>The profile for <c>--sample</c>: a number (<c>01</c>), a file name in <c>samples/</c>, or <see cref="ReceiptTwoEntities"/>.</summary>
    public static CounterProfile For(string sample)
    {
        if (sample == ReceiptTwoEntities)
        {
            return new CounterProfile("5 lines, a receipt by URL, two entities (US01 + DE01; samples 15 + 14), enrichment required", null, governed: true);
        }

        var folder = Path.Combine(RepoPaths.Root, "samples");
        var file = Directory.GetFiles(folder, "*.json")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(f => f != "manifest.json" && (f == sample || f.StartsWith(sample + "-", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault()
            ?? throw new ArgumentException($"--sample {sample}: no such sample in {folder}; give its number (01), its file name or {ReceiptTwoEntities}.");
        return new CounterProfile($"sample {file}, enrichment off", file, governed: false);
    }

    /// <summary>The report to send as <paramref name="reportId"/>; <paramref name="receiptUrl"/> is where the governed profile's receipt is served.</summary>
    public byte[] Report(string reportId, Uri? receiptUrl)
    {
        var report = _file is null ? FiveLinesTwoEntities(receiptUrl ?? throw new ArgumentNullException(nameof(receiptUrl))) : Sample(_file);
        report["reportId"] = reportId;
        return JsonSerializer.SerializeToUtf8Bytes(report);
    }

    private static JsonNode Sample(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", file)))!;

    private static JsonNode FiveLinesTwoEntities(Uri receiptUrl)
    {
        var report = Sample("15-usd-two-entities.json");
        var lines = report["lines"]!.AsArray();

        // Car hire (a 70/30 split), a breakfast and parking: US01 cost centers, so Ada Lovelace's report stays valid in US01.
        var more = Sample("14-usd-week-of-customer-visits.json")["lines"]!.AsArray()
            .Where(l => l!["lineId"]!.GetValue<string>() is "3" or "4" or "5")
            .Select(l => l!.DeepClone())
            .ToList();
        foreach (var line in more)
        {
            line["lineId"] = (lines.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            lines.Add(line);
        }

        report["title"] = "Munich workshop and Bay Area week (storage-request counter)";
        report["totalAmount"] = lines.Sum(l => l!["grossAmount"]!.GetValue<decimal>());

        // One receipt for every line (the hotel and the car hire need one), fetched from the counter's receipt host.
        report["attachments"] = new JsonArray(new JsonObject
        {
            ["fileName"] = "week-receipts.pdf",
            ["contentType"] = "application/pdf",
            ["url"] = receiptUrl.ToString(),
        });
        return report;
    }
}
