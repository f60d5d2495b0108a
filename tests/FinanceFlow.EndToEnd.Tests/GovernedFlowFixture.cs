using System.Text.Json;
using FinanceFlow.Testing;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>
/// The self-host with enrichment required and two ledgers: US01's (the base fixture's hledger-web) and DE01's (a second one),
/// loaded with the master data and mappings <c>./run.sh</c> ships (samples/masterdata) through the API.
/// </summary>
public sealed class GovernedFlowFixture() : EndToEndFixture(new HledgerWebProcess { Preamble = Chart("us01") })
{
    public const string Actor = "controller@acme.example";

    /// <summary>The second principal that approves the mapping changes <see cref="Actor"/> proposes.</summary>
    public const string Checker = "checker@acme.example";

    private static readonly string[] Entities = ["US01", "DE01"];

    public HledgerWebProcess GermanLedger { get; } = new() { Preamble = Chart("de01") };

    /// <summary>A request as <paramref name="actor"/> (every role); see <see cref="EndToEndFixture.SendAsAsync"/>.</summary>
    public Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json, string actor = Actor) =>
        SendAsAsync(actor, method, path, json);

    /// <summary>
    /// Syncs master data as <c>./run.sh</c> does (<c>POST /api/v1/masterdata/sync</c>: samples/masterdata/masterdata.json plus
    /// each configured ledger's chart of accounts), then loads the US01 and DE01 rules of mappings.json through the mapping API.
    /// </summary>
    public async Task<JsonElement> SyncAndLoadMappingsAsync()
    {
        var (synced, summary) = await SendAsync(HttpMethod.Post, "/api/v1/masterdata/sync", null);
        if (synced != 200)
        {
            throw new InvalidOperationException($"POST masterdata/sync answered {synced}: {summary}");
        }

        using var mappings = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Root, "samples", "masterdata", "mappings.json")));
        foreach (var kind in mappings.RootElement.EnumerateObject())
        {
            // Only the two entities whose ledgers run here have GL accounts; the others' rules would be refused.
            var rules = kind.Value.EnumerateArray().Where(r => Entities.Contains(r.GetProperty("entity").GetString())).Select(r => r.GetRawText()).ToList();
            if (rules.Count == 0)
            {
                continue;
            }

            var (status, body) = await ChangeMappingsAsync(kind.Name, $$"""{"rules":[{{string.Join(",", rules)}}]}""");
            if (status != 200)
            {
                throw new InvalidOperationException($"Changing mappings/{kind.Name} answered {status}: {body}");
            }
        }

        return summary;
    }

    /// <summary>A mapping change <see cref="Actor"/> proposes and <see cref="Checker"/> approves.</summary>
    public Task<(int Status, JsonElement Body)> ChangeMappingsAsync(string kind, string json) => ChangeMappingsAsync(kind, json, Actor, Checker);

    private static string Chart(string ledger) => File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", "ledgers", ledger + ".journal"));

    protected override Task StartMoreAsync() => GermanLedger.InitializeAsync();

    protected override Task StopMoreAsync() => GermanLedger.DisposeAsync();

    protected override void Configure(IDictionary<string, string> settings)
    {
        settings["FinanceFlow__MasterData__Enrichment"] = "Required";
        settings["FinanceFlow__MasterData__SyncFile"] = Path.Combine(RepoPaths.Root, "samples", "masterdata", "masterdata.json");
        settings["FinanceFlow__Erp__Ledgers__us01__BaseUrl"] = Hledger.BaseUrl;
        settings["FinanceFlow__Erp__Ledgers__us01__JournalPath"] = Hledger.JournalPath;
        settings["FinanceFlow__Erp__Ledgers__de01__BaseUrl"] = GermanLedger.BaseUrl;
        settings["FinanceFlow__Erp__Ledgers__de01__JournalPath"] = GermanLedger.JournalPath;
    }
}
