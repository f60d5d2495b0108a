using System.Text.Json.Nodes;
using FinanceFlow.Core.Messaging;
using FinanceFlow.Emulators.Concur;
using FinanceFlow.Testing;

namespace FinanceFlow.SelfHost.Tests.Hostile;

/// <summary>The real payloads the corpus mutates: the repository's samples and the vendors' reference payloads.</summary>
public static class Samples
{
    /// <summary>The canonical reports of <c>samples/</c>.</summary>
    public static IReadOnlyList<Sample> Canonical { get; } =
        [.. Directory.GetFiles(Path.Combine(RepoPaths.Root, "samples"), "*.json").Where(f => Path.GetFileName(f) != "manifest.json").Order(StringComparer.Ordinal).Select(Read)];

    /// <summary>The Event Subscription Service events of the reference, and ready events whose href is on the FIS emulator (served document or not).</summary>
    public static IReadOnlyList<Sample> ConcurEvents(ConcurFisEmulator fis)
    {
        ArgumentNullException.ThrowIfNull(fis);
        return
        [
            .. Directory.GetFiles(ConcurFisPayloads.EventsFolder, "*.json").Order(StringComparer.Ordinal).Select(Read),
            new Sample("ready event (served document)", fis.ReadyEvent()),
            new Sample("ready event (unknown document)", fis.ReadyEvent("0000UNKNOWN0000DOCUMENT")),
        ];
    }

    /// <summary>Concur FIS documents: the reference expense page and the use-case examples.</summary>
    public static IReadOnlyList<Sample> ConcurDocuments { get; } =
    [
        Read(Path.Combine(ConcurFisPayloads.FisFolder, "concur-fis-v4-document-expense.json")),
        Read(Path.Combine(ConcurFisPayloads.FisFolder, "concur-fis-v4-document-cashadvance.json")),
        .. Directory.GetFiles(Path.Combine(ConcurFisPayloads.FisFolder, "examples"), "*.json").Order(StringComparer.Ordinal).Select(Read),
    ];

    /// <summary>Each report of the Expensify export our template produces, as a preview takes it.</summary>
    public static IReadOnlyList<Sample> ExpensifyReports { get; } =
        [.. JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "financeflow-export.json")))!.AsArray()
            .Select((r, i) => new Sample($"financeflow-export.json/{i}", r!.ToJsonString()))];

    /// <summary>One mapping change per kind of <c>samples/masterdata/mappings.json</c>: <c>(kind, {"rules":[…]})</c>.</summary>
    public static IReadOnlyList<(string Kind, Sample Sample)> Mappings { get; } =
        [.. MasterDataFile("mappings.json").Select(kv => (kv.Key, new Sample("mappings " + kv.Key, new JsonObject { ["rules"] = kv.Value!.DeepClone() }.ToJsonString())))];

    /// <summary>One import per kind of <c>samples/masterdata/masterdata.json</c>: <c>(kind, [records])</c>.</summary>
    public static IReadOnlyList<(string Kind, Sample Sample)> MasterData { get; } =
        [.. MasterDataFile("masterdata.json").Select(kv => (kv.Key, new Sample("masterdata " + kv.Key, kv.Value!.ToJsonString())))];

    /// <summary>A payment of the posted report, and one with every optional field.</summary>
    public static IReadOnlyList<Sample> Payments { get; } =
    [
        new("payment", """{"paidAt":"2026-11-20T10:00:00Z","amount":125.50,"currency":"USD","paymentReference":"PAY-0001"}"""),
        new("payment with method and document", """{"paidAt":"2026-11-21T10:00:00+01:00","amount":1,"currency":"USD","paymentReference":"PAY-0002","paymentMethod":"C","erpDocumentNumber":"JE-77"}"""),
    ];

    /// <summary>Intake CloudEvents: each canonical sample as a submitted report, a card batch, and a relay claim check.</summary>
    public static IReadOnlyList<Sample> IntakeMessages { get; } =
    [
        .. Canonical.Take(6).Select(s => new Sample("event of " + s.Name, Event(IntakeEventTypes.ReportSubmitted, "canonical", JsonNode.Parse(s.Json)!))),
        new("card batch event", Event(IntakeEventTypes.CardTransactions, null, JsonNode.Parse(CardBatch)!)),
        new("relay claim check", Event(IntakeEventTypes.Relayed, null, new JsonObject
        {
            ["blob"] = "messages/2026/11/26/evt-hostile.json",
            ["messageId"] = "sb-1",
            ["enqueuedAt"] = "2026-11-26T09:00:00Z",
            ["transport"] = "servicebus",
        })),
    ];

    private const string CardBatch = """
        {
          "batchId": "HOSTILE-B1", "legalEntity": "US01", "cardProgram": "AMEX Corporate", "statementDate": "2026-11-05", "currency": "USD",
          "transactions": [
            { "transactionId": "T-1", "employeeId": "E100", "postedDate": "2026-11-03", "merchant": "Airline", "amount": 420.00 },
            { "transactionId": "T-2", "employeeId": "E100", "postedDate": "2026-11-04", "amount": -20.00, "currency": "USD" }
          ]
        }
        """;

    private static string Event(string type, string? source, JsonNode data)
    {
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = "evt-hostile",
            ["source"] = "/platforms/hostile",
            ["type"] = type,
            ["time"] = "2026-11-26T09:00:00Z",
            ["datacontenttype"] = "application/json",
        };
        if (source is not null)
        {
            cloudEvent[IntakeEventTypes.SourceExtension] = source;
        }

        cloudEvent["data"] = data;
        return cloudEvent.ToJsonString();
    }

    private static JsonObject MasterDataFile(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", "masterdata", name)))!.AsObject();

    private static Sample Read(string path) => new(Path.GetFileName(path), File.ReadAllText(path));
}
