using System.Text.Json;
using System.Text.Json.Nodes;
using FinanceFlow.Emulators.BusinessCentral;
using FinanceFlow.Emulators.Erp;
using FinanceFlow.Emulators.NetSuite;
using FinanceFlow.Emulators.S4Hana;
using FinanceFlow.Testing;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>
/// The self-host with governed posting and three legal entities, each on another ERP by its ledger's <c>Kind</c> alone:
/// CA01 on Business Central (ledger <c>ca01</c>), AU01 on NetSuite (<c>au01</c>), NL01 on SAP S/4HANA (<c>nl01</c>), each an
/// emulator on a loopback port (Development, as an ERP sandbox would be reached from a developer's machine). Master data comes
/// from a sync file plus each ERP's own chart of accounts, the mappings through the maker–checker API.
/// </summary>
public sealed class ThreeErpFixture : EndToEndFixture
{
    public const string Actor = "controller@acme.example";
    public const string Checker = "checker@acme.example";

    private readonly string _masterData = Path.Combine(Path.GetTempPath(), "ff-three-erps-" + Guid.NewGuid().ToString("N") + ".json");

    public BusinessCentralEmulator BusinessCentral { get; private set; } = null!;

    public NetSuiteEmulator NetSuite { get; private set; } = null!;

    public S4HanaEmulator S4Hana { get; private set; } = null!;

    /// <summary>The three emulators' hosts (fault plans, call logs).</summary>
    public IReadOnlyList<ErpEmulatorHost> Hosts => [BusinessCentral.Host, NetSuite.Host, S4Hana.Host];

    /// <summary>A report of CA01 (USD) with one line charged to each entity, no receipts (each line under the receipt threshold).</summary>
    /// <summary>The books of every ERP read back by the nightly reconciliation (<c>POST /api/v1/reconciliations</c>).</summary>
    public async Task<JsonElement> ReconcileAsync()
    {
        using var response = await Http.PostAsync("/api/v1/reconciliations", content: null);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(text).RootElement.Clone()
            : throw new InvalidOperationException($"POST /api/v1/reconciliations answered {(int)response.StatusCode}: {text}");
    }

    public static byte[] Report(string reportId)
    {
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", "15-usd-two-entities.json")))!;
        report["reportId"] = reportId;
        report["legalEntity"] = "CA01";
        report["title"] = "Toronto, Sydney and Amsterdam customer visits";
        report["totalAmount"] = 90.00m;
        report["attachments"] = new JsonArray();
        report["lines"] = new JsonArray(Line("1", null, 40.00m), Line("2", "AU01", 30.00m), Line("3", "NL01", 20.00m));
        return JsonSerializer.SerializeToUtf8Bytes(report);
    }

    /// <summary>Syncs master data (the file and each ERP's chart of accounts), then maps Meals and the employee payable per entity.</summary>
    public async Task SyncAndMapAsync()
    {
        var (synced, summary) = await SendAsAsync(Actor, HttpMethod.Post, "/api/v1/masterdata/sync", null);
        if (synced != 200)
        {
            throw new InvalidOperationException($"POST masterdata/sync answered {synced}: {summary}");
        }

        await MapAsync("expense-types", """
            [{"entity":"CA01","source":"Meals","target":"6410","effectiveFrom":"2026-01-01"},
             {"entity":"AU01","source":"Meals","target":"58","effectiveFrom":"2026-01-01"},
             {"entity":"NL01","source":"Meals","target":"61001000","effectiveFrom":"2026-01-01"}]
            """);
        await MapAsync("account-roles", """
            [{"entity":"CA01","source":"EmployeePayable","target":"2510","effectiveFrom":"2026-01-01"},
             {"entity":"AU01","source":"EmployeePayable","target":"111","effectiveFrom":"2026-01-01"},
             {"entity":"NL01","source":"EmployeePayable","target":"21710000","effectiveFrom":"2026-01-01"}]
            """);
    }

    protected override async Task StartMoreAsync()
    {
        BusinessCentral = await BusinessCentralEmulator.StartAsync();
        BusinessCentral.Store.AddAccount("6410", "Meals");
        BusinessCentral.Store.AddAccount("2510", "Employee payables");
        BusinessCentral.Store.AddJournal("FINFLOW");
        NetSuite = await NetSuiteEmulator.StartAsync();
        S4Hana = await S4HanaEmulator.StartAsync();
        await File.WriteAllTextAsync(_masterData, MasterData);
    }

    protected override async Task StopMoreAsync()
    {
        await BusinessCentral.DisposeAsync();
        await NetSuite.DisposeAsync();
        await S4Hana.DisposeAsync();
        File.Delete(_masterData);
    }

    protected override void Configure(IDictionary<string, string> settings)
    {
        // Development: the emulators listen on plain http on loopback, which any other environment refuses at start.
        settings["ASPNETCORE_ENVIRONMENT"] = "Development";
        settings["FinanceFlow__MasterData__Enrichment"] = "Required";
        settings["FinanceFlow__MasterData__SyncFile"] = _masterData;

        // Room for the fault test's 30 % transient failures: attempts spread over about 50 s, well past a circuit breaker's 15 s
        // break (12 attempts over ~35 s left one posting of 600 unreachable in CI once; 30 attempts kept Business Central's one
        // create-and-post at a time busy with retries until the first report waited past 8 minutes); a slow answer times out after 2 s.
        settings["FinanceFlow__PostingRetry__MaxAttempts"] = "16";
        settings["FinanceFlow__PostingRetry__FirstRetrySeconds"] = "0.5";
        settings["FinanceFlow__PostingRetry__BackoffCoefficient"] = "1.5";
        settings["FinanceFlow__PostingRetry__MaxRetrySeconds"] = "4";
        Ledger(settings, "ca01", new()
        {
            ["Kind"] = "BusinessCentral",
            ["BaseUrl"] = BusinessCentral.BaseUrl,
            ["CompanyId"] = BusinessCentral.CompanyId.ToString(),
            ["JournalCode"] = "FINFLOW",
            ["LocalCurrency"] = "USD",
            ["TokenEndpoint"] = BusinessCentral.Host.TokenEndpoint,
        });
        Ledger(settings, "au01", new()
        {
            ["Kind"] = "NetSuite",
            ["AccountId"] = "1234567_SB1",
            ["BaseUrl"] = NetSuite.RestRoot,
            ["TokenEndpoint"] = NetSuite.Host.TokenEndpoint,
            ["Subsidiary"] = "1",
            ["CurrencyIds__USD"] = "1",
        });
        Ledger(settings, "nl01", new()
        {
            ["Kind"] = "S4Hana",
            ["BaseUrl"] = S4Hana.BaseUrl,
            ["CompanyCode"] = "1010",
            ["TokenEndpoint"] = S4Hana.Host.TokenEndpoint,
            ["AuthoritativeLookup"] = "true",
        });
    }

    private static void Ledger(IDictionary<string, string> settings, string ledger, Dictionary<string, string> values)
    {
        values["TimeoutSeconds"] = "2";
        values["ClientId"] = ErpEmulatorHost.ClientId;
        values["ClientSecret"] = ErpEmulatorHost.ClientSecret;
        foreach (var (key, value) in values)
        {
            settings[$"FinanceFlow__Erp__Ledgers__{ledger}__{key}"] = value;
        }
    }

    private async Task MapAsync(string kind, string rules)
    {
        var (status, body) = await ChangeMappingsAsync(kind, $$"""{"rules":{{rules}}}""", Actor, Checker);
        if (status != 200)
        {
            throw new InvalidOperationException($"Changing mappings/{kind} answered {status}: {body}");
        }
    }

    private static JsonObject Line(string id, string? entity, decimal amount)
    {
        var line = new JsonObject
        {
            ["lineId"] = id,
            ["expenseType"] = "Meals",
            ["transactionDate"] = "2026-11-17",
            ["merchant"] = "Client lunch " + id,
            ["paymentType"] = "outOfPocket",
            ["grossAmount"] = amount,
            ["taxAmount"] = 0m,
            ["netAmount"] = amount,
            ["taxDeductiblePercent"] = 0,
            ["description"] = "customer lunch",
        };
        if (entity is not null)
        {
            line["legalEntity"] = entity;
        }

        return line;
    }

    private const string MasterData = """
        {
          "legal-entities": [
            {"code":"CA01","name":"Acme Canada Ltd.","functionalCurrency":"USD","ledger":"ca01","postingObject":"JournalEntry","openPeriods":["2026-10","2026-11","2026-12"],"fxRateSource":"MasterData","fxRateDate":"TransactionDate","fxRateMaxAgeDays":7,"closedPeriodPolicy":"Stop","roundingAccount":"6410"},
            {"code":"AU01","name":"Acme Australia Pty Ltd","functionalCurrency":"USD","ledger":"au01","postingObject":"JournalEntry","openPeriods":["2026-10","2026-11","2026-12"],"fxRateSource":"MasterData","fxRateDate":"TransactionDate","fxRateMaxAgeDays":7,"closedPeriodPolicy":"Stop","roundingAccount":"58"},
            {"code":"NL01","name":"Acme Nederland B.V.","functionalCurrency":"USD","ledger":"nl01","postingObject":"JournalEntry","openPeriods":["2026-10","2026-11","2026-12"],"fxRateSource":"MasterData","fxRateDate":"TransactionDate","fxRateMaxAgeDays":7,"closedPeriodPolicy":"Stop","roundingAccount":"61001000"}
          ],
          "employees": [
            {"entity":"CA01","employeeId":"E100","erpId":"V-E100","name":"Ada Lovelace"},
            {"entity":"AU01","employeeId":"E100","erpId":"V-E100","name":"Ada Lovelace"},
            {"entity":"NL01","employeeId":"E100","erpId":"V-E100","name":"Ada Lovelace"}
          ],
          "cost-centers": [],
          "projects": [],
          "tax-codes": [],
          "currencies": [{"code":"USD"}],
          "fx-rates": []
        }
        """;
}
