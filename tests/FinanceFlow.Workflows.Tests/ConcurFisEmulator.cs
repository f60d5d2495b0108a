using System.Text.Json.Nodes;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace FinanceFlow.Workflows.Tests;

/// <summary>A WireMock.Net Concur FIS (token endpoint and v4 expense routes) answering with the reference payloads; helpers as in FinanceFlow.ConcurFis.Tests.</summary>
internal sealed class ConcurFisEmulator : IDisposable
{
    public const string TokenPath = "/oauth2/v0/token";
    public const string TransactionsPath = "/financialintegration/fi/v4/companies/transactiontypes/expense/transactions";
    public const string AcknowledgementsPath = TransactionsPath + "/acknowledgements";
    public const string PostingConfirmationsPath = TransactionsPath + "/postingconfirmations";
    public const string PaymentConfirmationsPath = TransactionsPath + "/paymentconfirmations";
    public const string CompanyId = "00001cd1-07a1-405f-b3e2-f83566ab4e39";

    private readonly WireMockServer _server = WireMockServer.Start();

    public ConcurFisEmulator()
    {
        _server.Given(Request.Create().WithPath(TokenPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(new
        {
            expires_in = 3600,
            scope = "FISVC",
            token_type = "Bearer",
            access_token = "token-1",
            refresh_token = "company-refresh-token",
            refresh_expires_in = 1_800_000_000,
        }));
    }

    public string Url => _server.Url!;

    public static string Reference(string folder, string fileName) => File.ReadAllText(Path.Combine(RepoPaths.SharedReference, folder, fileName));

    /// <summary>The reference <c>expense.readyForIntegration</c> event, its href pointing at this emulator.</summary>
    public string ReadyEvent(string documentId)
    {
        var node = JsonNode.Parse(Reference("concur-events", "concur-ess-v4-financialintegration-expense.readyForIntegration.json"))!;
        node["facts"]!["documentId"] = documentId;
        node["facts"]!["href"] = $"{Url}{TransactionsPath}?docId={documentId}";
        return node.ToJsonString();
    }

    /// <summary>An FIS page of one, as a docId GET answers, wrapping the reference expense document.</summary>
    public static string ExpensePage(string id) => new JsonObject
    {
        ["content"] = new JsonArray(new JsonObject
        {
            ["id"] = id,
            ["docType"] = "expense",
            ["companyId"] = CompanyId,
            ["entityId"] = "p0608532bdtt",
            ["document"] = JsonNode.Parse(Reference("concur-fis", "concur-fis-v4-document-expense.json")),
            ["docStatus"] = "READY",
            ["links"] = new JsonArray(),
        }),
        ["page"] = new JsonObject { ["size"] = 1, ["totalElements"] = 1, ["totalPages"] = 1, ["number"] = 0 },
    }.ToJsonString();

    /// <summary>The first item of a reference answer (acknowledgement, posting or payment confirmation), for <paramref name="documentId"/>.</summary>
    public static string AnswerFor(string fileName, string documentId)
    {
        var item = JsonNode.Parse(Reference("concur-fis", fileName))!.AsArray()[0]!.DeepClone();
        item["docId"] = documentId;
        return new JsonArray(item).ToJsonString();
    }

    /// <summary>Item <paramref name="index"/> of the reference payment-confirmation answer (0 SUCCESS, 1 not found, 2 NOOP already confirmed), for <paramref name="documentId"/>.</summary>
    public static string PaymentAnswerFor(string documentId, int index = 0)
    {
        // The guide's answer misses a comma between its third and fourth objects (see FinanceFlow.ConcurFis.Tests).
        var repaired = Reference("concur-fis", "concur-fis-v4-paymentconfirmations-response.json").Replace("  }\n  {", "  },\n  {", StringComparison.Ordinal);
        var item = JsonNode.Parse(repaired)!.AsArray()[index]!.DeepClone();
        item["docId"] = documentId;
        return new JsonArray(item).ToJsonString();
    }

    public ConcurFisEmulator With(string method, string path, int status, string body = "")
    {
        _server.Given(Request.Create().WithPath(path).UsingMethod(method))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
        return this;
    }

    /// <summary>The requests received at <paramref name="path"/>, in arrival order.</summary>
    public IReadOnlyList<ILogEntry> Received(string path) =>
        _server.LogEntries.Where(e => e.RequestMessage.Path == path).OrderBy(e => e.RequestMessage.DateTime).ToList();

    /// <summary>A provider with <c>AddConcurFis</c> pointing at this emulator (enabled unless <paramref name="enabled"/> is false).</summary>
    public ServiceProvider Services(bool enabled = true)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{ConcurFisOptions.SectionName}:Enabled"] = enabled ? "true" : "false",
            [$"{ConcurFisOptions.SectionName}:BaseUrl"] = Url,
            [$"{ConcurFisOptions.SectionName}:ClientId"] = "client",
            [$"{ConcurFisOptions.SectionName}:ClientSecret"] = "secret",
            [$"{ConcurFisOptions.SectionName}:CompanyRefreshToken"] = "company-refresh-token",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddConcurFis(configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }
}
