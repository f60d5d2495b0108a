using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FinanceFlow.Emulators.Concur;
using FinanceFlow.Emulators.Expensify;
using FinanceFlow.Emulators.Receipts;
using FinanceFlow.Testing;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>Azurite, hledger-web, an emulated Concur FIS and Expensify Integration Server, and the self-host with both sources on.</summary>
public class SourceFlowFixture : IAsyncLifetime
{
    public AzuriteProcess Azurite { get; } = new();

    public HledgerWebProcess Hledger { get; } = new();

    public ConcurFisEmulator Concur { get; } = new ConcurFisEmulator().ServeExample();

    public ExpensifyEmulator Expensify { get; private set; } = null!;

    public ReceiptServer Receipts { get; } = new();

    public string ConcurSecret { get; } = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public SelfHostProcess SelfHost { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The ledger code of a report: <c>FF-{SOURCE}-{reportId}</c>.</summary>
    public static string Code(string source, string reportId) => $"FF-{source.ToUpperInvariant()}-{reportId}";

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        await Hledger.InitializeAsync();

        // Asked while the markAsExported request is held open, so the answer is what the ledger held when it arrived.
        Expensify = new ExpensifyEmulator()
            .WithExport(ExportWithLocalReceipts())
            .WithMarkAsExported(async reportId => await Hledger.CountTransactionsWithCodeAsync(Code("expensify", reportId)) > 0);
        const string concur = "FinanceFlow__Sources__concur__";
        const string expensify = "FinanceFlow__Sources__expensify__";
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
            ["FinanceFlow__SelfHost__TaskHubName"] = "s" + Guid.NewGuid().ToString("N")[..16],
            ["FinanceFlow__SelfHost__MaxQueuePollingInterval"] = "00:00:00.500",
            ["FinanceFlow__Erp__Hledger__BaseUrl"] = Hledger.BaseUrl,
            ["FinanceFlow__Erp__Hledger__JournalPath"] = Hledger.JournalPath,
            [concur + "WebhookSecret"] = ConcurSecret,
            [concur + "Fis__Enabled"] = "true",
            [concur + "Fis__BaseUrl"] = Concur.Url,
            [concur + "Fis__ClientId"] = ConcurFisEmulator.ClientId,
            [concur + "Fis__ClientSecret"] = ConcurFisEmulator.ClientSecret,
            [concur + "Fis__CompanyRefreshToken"] = ConcurFisEmulator.RefreshToken,
            [concur + "Fis__TokenStore__Path"] = Concur.TokenStorePath,
            [expensify + "Integration__Enabled"] = "true",
            [expensify + "Integration__BaseUrl"] = Expensify.Url,
            [expensify + "Integration__PartnerUserId"] = ExpensifyEmulator.PartnerUserId,
            [expensify + "Integration__PartnerUserSecret"] = ExpensifyEmulator.PartnerUserSecret,
            [expensify + "Integration__DefaultLegalEntity"] = "US01",
            [expensify + "Integration__LegalEntityByPolicy__FEDCBA9876543210"] = "JP01",
            [expensify + "Schedule"] = "*/5 * * * * *",
            ["SSL_CERT_FILE"] = Receipts.CertificateFile,

            // The receipt server runs on this machine: Expensify's receipts are allowed from it, and loopback for receipts
            // is allowed, which the self-host accepts only in Development.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["FinanceFlow__Receipts__AllowLoopback"] = "true",
            [expensify + "ReceiptHosts__0"] = Receipts.Host,
        };
        Configure(settings);
        SelfHost = new SelfHostProcess(settings);
        await SelfHost.StartAsync();
        Http = new HttpClient { BaseAddress = SelfHost.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = TestIdentity.Bearer();
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        SelfHost?.Dispose();
        Expensify?.Dispose();
        Receipts.Dispose();
        Concur.Dispose();
        await Hledger.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    /// <summary>Settings a fixture built on this one adds or changes before the self-host starts.</summary>
    protected virtual void Configure(IDictionary<string, string> settings)
    {
    }

    /// <summary>The sample export with its https receipt URLs moved from www.expensify.com to <see cref="Receipts"/>.</summary>
    private string ExportWithLocalReceipts()
    {
        var export = JsonNode.Parse(ExpensifyEmulator.Sample("financeflow-export.json"))!.AsArray();
        foreach (var expense in export.SelectMany(r => r!["expenses"]!.AsArray()))
        {
            if (expense!["receiptURL"]!.GetValue<string>() is { } url && url.StartsWith("https://", StringComparison.Ordinal))
            {
                expense["receiptURL"] = Receipts.UrlFor(url[(url.LastIndexOf('/') + 1)..]);
            }
        }

        return export.ToJsonString();
    }

    /// <summary>Delivers a Concur event signed with Standard Webhooks, as every source is.</summary>
    public async Task<HttpResponseMessage> DeliverConcurAsync(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var messageId = "msg_" + Guid.NewGuid().ToString("N");
        using var request = SignedWebhook.Request("/api/v1/webhooks/concur", ConcurSecret, messageId, body);
        return await Http.SendAsync(request);
    }

    /// <summary><c>GET /api/v1/reports/{source}/{id}</c> as JSON.</summary>
    public async Task<JsonElement> ReportAsync(string source, string reportId)
    {
        using var response = await Http.GetAsync($"/api/v1/reports/{source}/{reportId}");
        response.EnsureSuccessStatusCode();
        return (await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync())).RootElement.Clone();
    }

    /// <summary>Waits until the report is Posted; on time-out says what the report and the self-host showed.</summary>
    public async Task<JsonElement> WaitForPostedAsync(string source, string reportId, TimeSpan timeout)
    {
        JsonElement view = default;
        try
        {
            await WaitFor.ConditionAsync(
                async () =>
                {
                    view = await ReportAsync(source, reportId);
                    return view.GetProperty("outcome").GetString() == "Posted" && view.GetProperty("runtimeStatus").GetString() == "Completed";
                },
                timeout,
                $"{source} report {reportId} to be posted");
        }
        catch (TimeoutException ex)
        {
            var log = SelfHost.Output;
            throw new TimeoutException($"{ex.Message}\nreport: {view}\nself-host log (tail): {log[Math.Max(0, log.Length - 4000)..]}", ex);
        }

        return view;
    }
}
