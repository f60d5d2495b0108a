using System.Text.Json.Nodes;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace FinanceFlow.ConcurFis.Tests;

/// <summary>A WireMock.Net Concur: the OAuth2 token endpoint and the FIS v4 routes, answering with the reference payloads.</summary>
public sealed class ConcurFisServer : IDisposable
{
    public const string TokenPath = "/oauth2/v0/token";
    public const string TransactionsPath = "/financialintegration/fi/v4/companies/transactiontypes/expense/transactions";
    public const string ClientId = "0f1e2d3c-client";
    public const string ClientSecret = "s3cr3t-Client-Secret";
    public const string RefreshToken = "company-refresh-token-1234";

    private readonly WireMockServer _server = WireMockServer.Start();

    public string Url => _server.Url!;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    public ListLoggerProvider Logs { get; } = new();

    public static string Fis(string fileName) => File.ReadAllText(Path.Combine(RepoPaths.SharedReference, "concur-fis", fileName));

    public static string EventsFolder => Path.Combine(RepoPaths.SharedReference, "concur-events");

    /// <summary>An FIS page of one, as a docId GET answers, wrapping the reference expense document.</summary>
    public static string ExpensePage(string id) => new JsonObject
    {
        ["content"] = new JsonArray(new JsonObject
        {
            ["id"] = id,
            ["docType"] = "expense",
            ["companyId"] = "00001cd1-07a1-405f-b3e2-f83566ab4e39",
            ["entityId"] = "p0608532bdtt",
            ["document"] = JsonNode.Parse(Fis("concur-fis-v4-document-expense.json")),
            ["docStatus"] = "READY",
            ["links"] = new JsonArray(),
        }),
        ["page"] = new JsonObject { ["size"] = 1, ["totalElements"] = 1, ["totalPages"] = 1, ["number"] = 0 },
    }.ToJsonString();

    /// <summary>Every token request gets a new token <c>token-1</c>, <c>token-2</c>… valid for <paramref name="expiresIn"/> seconds.</summary>
    public ConcurFisServer WithTokens(int expiresIn = 3600, int count = 5)
    {
        for (var i = 1; i <= count; i++)
        {
            var step = _server.Given(Request.Create().WithPath(TokenPath).UsingPost()).InScenario("tokens");
            step = i == 1 ? step : step.WhenStateIs($"issued-{i - 1}");
            step.WillSetStateTo($"issued-{i}").RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(new
            {
                expires_in = expiresIn,
                scope = "FISVC",
                token_type = "Bearer",
                access_token = $"token-{i}",
                refresh_token = RefreshToken,
                refresh_expires_in = 1_800_000_000,
                geolocation = Url,
            }));
        }

        return this;
    }

    /// <summary>Any request to <paramref name="path"/> with <paramref name="method"/> gets this answer.</summary>
    public ConcurFisServer With(string method, string path, int status, string body = "", string? bearer = null)
    {
        var request = Request.Create().WithPath(path).UsingMethod(method);
        if (bearer is not null)
        {
            request = request.WithHeader("Authorization", $"Bearer {bearer}");
        }

        _server.Given(request).AtPriority(bearer is null ? 10 : 1)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
        return this;
    }

    /// <summary>GETs of <paramref name="path"/> are answered only after <paramref name="delay"/>.</summary>
    public ConcurFisServer WithSlowAnswer(string path, TimeSpan delay)
    {
        _server.Given(Request.Create().WithPath(path).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("{}").WithDelay(delay));
        return this;
    }

    /// <summary>The requests received at <paramref name="path"/>, in arrival order.</summary>
    public IReadOnlyList<ILogEntry> Received(string path) =>
        _server.LogEntries.Where(e => e.RequestMessage.Path == path).OrderBy(e => e.RequestMessage.DateTime).ToList();

    /// <summary>A provider with <c>AddConcurFis</c> pointing at this server and the fake clock; <paramref name="settings"/> override the defaults.</summary>
    public ServiceProvider Services(IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            [$"{ConcurFisOptions.SectionName}:Enabled"] = "true",
            [$"{ConcurFisOptions.SectionName}:BaseUrl"] = Url,
            [$"{ConcurFisOptions.SectionName}:ClientId"] = ClientId,
            [$"{ConcurFisOptions.SectionName}:ClientSecret"] = ClientSecret,
            [$"{ConcurFisOptions.SectionName}:CompanyRefreshToken"] = RefreshToken,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddConcurFis(configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }
}
