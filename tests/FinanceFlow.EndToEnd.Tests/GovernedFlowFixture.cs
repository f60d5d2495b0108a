using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FinanceFlow.Testing;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>
/// The self-host with enrichment required and two ledgers: US01's (the base fixture's hledger-web) and DE01's (a second one),
/// loaded with the master data and mappings <c>./run.sh</c> ships (samples/masterdata) through the API.
/// </summary>
public sealed class GovernedFlowFixture : EndToEndFixture
{
    public const string Actor = "controller@acme.example";

    public HledgerWebProcess GermanLedger { get; } = new();

    /// <summary>PUT or POST with the App Service principal header, as an authenticated finance user would call.</summary>
    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json, string actor = Actor)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        request.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", actor);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
        return ((int)response.StatusCode, body.RootElement.Clone());
    }

    /// <summary>Loads samples/masterdata/masterdata.json and mappings.json through the import and mapping APIs.</summary>
    public async Task LoadShippedMasterDataAsync()
    {
        var folder = Path.Combine(RepoPaths.Root, "samples", "masterdata");
        using var masterData = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "masterdata.json")));
        foreach (var kind in masterData.RootElement.EnumerateObject())
        {
            var (status, body) = await SendAsync(HttpMethod.Put, $"/api/v1/masterdata/{kind.Name}?sourceSystem=masterdata-file", kind.Value.GetRawText());
            if (status != 200)
            {
                throw new InvalidOperationException($"PUT masterdata/{kind.Name} answered {status}: {body}");
            }
        }

        using var mappings = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "mappings.json")));
        foreach (var kind in mappings.RootElement.EnumerateObject())
        {
            var (status, body) = await SendAsync(HttpMethod.Put, $"/api/v1/mappings/{kind.Name}", $$"""{"rules":{{kind.Value.GetRawText()}}}""");
            if (status != 200)
            {
                throw new InvalidOperationException($"PUT mappings/{kind.Name} answered {status}: {body}");
            }
        }
    }

    protected override Task StartMoreAsync() => GermanLedger.InitializeAsync();

    protected override Task StopMoreAsync() => GermanLedger.DisposeAsync();

    protected override void Configure(IDictionary<string, string> settings)
    {
        settings["FinanceFlow__MasterData__Enrichment"] = "Required";
        settings["FinanceFlow__Erp__Ledgers__us01__BaseUrl"] = Hledger.BaseUrl;
        settings["FinanceFlow__Erp__Ledgers__us01__JournalPath"] = Hledger.JournalPath;
        settings["FinanceFlow__Erp__Ledgers__de01__BaseUrl"] = GermanLedger.BaseUrl;
        settings["FinanceFlow__Erp__Ledgers__de01__JournalPath"] = GermanLedger.JournalPath;
    }
}
