using System.Net;
using System.Text.Json;
using FinanceFlow.Testing;

namespace FinanceFlow.Benchmarks.StorageRequests;

/// <summary>
/// The ERP of a counter run, as <c>./run.sh</c> sets it up: hledger-web on a journal that starts with the ledger's chart of accounts
/// (samples/ledgers), US01's as the default ledger; governed, DE01's beside it, enrichment required and the master data and mappings
/// of samples/masterdata loaded through the API (as GovernedFlowFixture does: the sync, then maker–checker mapping changes).
/// </summary>
internal sealed class CounterLedgers(bool governed) : IAsyncDisposable
{
    private const string Maker = "controller@acme.example";
    private const string Checker = "checker@acme.example";
    private static readonly string[] Entities = ["US01", "DE01"];

    private readonly HledgerWebProcess _us01 = new() { Preamble = Chart("us01") };
    private readonly HledgerWebProcess? _de01 = governed ? new() { Preamble = Chart("de01") } : null;

    public async Task StartAsync()
    {
        await _us01.InitializeAsync();
        if (_de01 is not null)
        {
            await _de01.InitializeAsync();
        }
    }

    /// <summary>Adds the ledger settings (and, governed, enrichment and the master-data file) to the self-host's environment.</summary>
    public void Configure(IDictionary<string, string> settings)
    {
        settings["FinanceFlow__Erp__Hledger__BaseUrl"] = _us01.BaseUrl;
        settings["FinanceFlow__Erp__Hledger__JournalPath"] = _us01.JournalPath;
        if (_de01 is null)
        {
            return;
        }

        settings["FinanceFlow__MasterData__Enrichment"] = "Required";
        settings["FinanceFlow__MasterData__SyncFile"] = Path.Combine(RepoPaths.Root, "samples", "masterdata", "masterdata.json");
        settings["FinanceFlow__Erp__Ledgers__us01__BaseUrl"] = _us01.BaseUrl;
        settings["FinanceFlow__Erp__Ledgers__us01__JournalPath"] = _us01.JournalPath;
        settings["FinanceFlow__Erp__Ledgers__de01__BaseUrl"] = _de01.BaseUrl;
        settings["FinanceFlow__Erp__Ledgers__de01__JournalPath"] = _de01.JournalPath;
    }

    /// <summary>The master-data sync (masterdata.json plus each ledger's accounts), then the US01 and DE01 rules of mappings.json.</summary>
    public async Task LoadMasterDataAsync(CounterTraffic traffic, CancellationToken cancellationToken)
    {
        var (synced, summary) = await traffic.SendAsAsync(Maker, HttpMethod.Post, "/api/v1/masterdata/sync", null, cancellationToken);
        using (summary)
        {
            if (synced != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"POST masterdata/sync answered {(int)synced}: {summary.RootElement}");
            }
        }

        using var mappings = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Root, "samples", "masterdata", "mappings.json"), cancellationToken));
        foreach (var kind in mappings.RootElement.EnumerateObject())
        {
            // Only the two entities whose ledgers run here have GL accounts; the others' rules would be refused.
            var rules = kind.Value.EnumerateArray().Where(r => Entities.Contains(r.GetProperty("entity").GetString())).Select(r => r.GetRawText()).ToList();
            if (rules.Count > 0)
            {
                await ChangeMappingsAsync(traffic, kind.Name, $$"""{"rules":[{{string.Join(",", rules)}}]}""", cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _us01.DisposeAsync();
        if (_de01 is not null)
        {
            await _de01.DisposeAsync();
        }
    }

    private static async Task ChangeMappingsAsync(CounterTraffic traffic, string kind, string json, CancellationToken cancellationToken)
    {
        var (proposed, proposal) = await traffic.SendAsAsync(Maker, HttpMethod.Put, $"/api/v1/mappings/{kind}", json, cancellationToken);
        using (proposal)
        {
            if (proposed != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"PUT mappings/{kind} answered {(int)proposed}: {proposal.RootElement}");
            }

            var changeId = proposal.RootElement.GetProperty("changeId").GetString();
            var (approved, approval) = await traffic.SendAsAsync(Checker, HttpMethod.Post, $"/api/v1/mappings/{kind}/changes/{changeId}/approve", null, cancellationToken);
            using (approval)
            {
                if (approved != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"Approving mappings/{kind} answered {(int)approved}: {approval.RootElement}");
                }
            }
        }
    }

    private static string Chart(string ledger) => File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", "ledgers", ledger + ".journal"));
}
