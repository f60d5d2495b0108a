using System.Text.Json.Nodes;
using System.Web;
using FinanceFlow.Connectors.Expensify;
using FinanceFlow.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace FinanceFlow.Workflows.Tests;

/// <summary>A WireMock.Net Expensify Integration Server for the status updates (a smaller copy of FinanceFlow.Expensify.Tests' ExpensifyServer).</summary>
internal sealed class ExpensifyEmulator : IDisposable
{
    public const string Path = "/Integration-Server/ExpensifyIntegrations";

    private readonly WireMockServer _server = WireMockServer.Start();

    public static string Reference(string fileName) => File.ReadAllText(System.IO.Path.Combine(RepoPaths.SharedReference, "expensify", fileName));

    /// <summary>Every request gets this answer (HTTP status and body).</summary>
    public ExpensifyEmulator WithAnswer(int status, string body)
    {
        _server.Given(Request.Create().WithPath(Path).UsingPost()).RespondWith(Response.Create().WithStatusCode(status).WithBody(body));
        return this;
    }

    /// <summary>The <c>requestJobDescription</c> of every request received, in arrival order.</summary>
    public IReadOnlyList<JsonObject> Jobs =>
        _server.LogEntries
            .OrderBy(e => e.RequestMessage.DateTime)
            .Select(e => HttpUtility.ParseQueryString(e.RequestMessage.Body ?? string.Empty)["requestJobDescription"])
            .Select(json => JsonNode.Parse(json!)!.AsObject())
            .ToList();

    public ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{ExpensifyOptions.SectionName}:Enabled"] = "true",
            [$"{ExpensifyOptions.SectionName}:BaseUrl"] = _server.Url + Path,
            [$"{ExpensifyOptions.SectionName}:PartnerUserId"] = "aa_api_domain_com",
            [$"{ExpensifyOptions.SectionName}:PartnerUserSecret"] = "s3cr3t-partner-Secret",
            [$"{ExpensifyOptions.SectionName}:DefaultLegalEntity"] = "US01",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddExpensifyConnector(configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }
}
