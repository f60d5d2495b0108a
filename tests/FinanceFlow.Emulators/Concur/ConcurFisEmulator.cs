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

namespace FinanceFlow.Emulators.Concur;

/// <summary>
/// A WireMock.Net Concur: the OAuth2 token endpoint and the FIS v4 expense routes, answering with the reference payloads.
/// From the start the token endpoint issues <c>token-1</c> for an hour. Answers stack by priority, so a test states only what
/// differs: bearer-specific answers, then <see cref="With"/> (the latest wins), then <see cref="WithTokens"/>, then the
/// served document's routes, then the fixed token.
/// </summary>
public sealed partial class ConcurFisEmulator : IDisposable
{
    public const string TokenPath = "/oauth2/v0/token";
    public const string TransactionsPath = "/financialintegration/fi/v4/companies/transactiontypes/expense/transactions";
    public const string AcknowledgementsPath = TransactionsPath + "/acknowledgements";
    public const string PostingConfirmationsPath = TransactionsPath + "/postingconfirmations";
    public const string PaymentConfirmationsPath = TransactionsPath + "/paymentconfirmations";
    public const string ClientId = "0f1e2d3c-client";
    public const string ClientSecret = "s3cr3t-Client-Secret";
    public const string RefreshToken = "company-refresh-token-1234";

    // WireMock picks the lowest number among matching stubs, then the most specific, then the latest.
    private const int BearerPriority = 1;
    private const int OverridePriority = 10;
    private const int TokensPriority = 20;
    private const int ServedPriority = 50;
    private const int FixedTokenPriority = 100;

    private readonly WireMockServer _server = WireMockServer.Start();
    private JsonObject? _document;

    public ConcurFisEmulator()
    {
        _server.Given(Request.Create().WithPath(TokenPath).UsingPost()).AtPriority(FixedTokenPriority)
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(TokenAnswer("token-1", 3600)));
    }

    /// <summary>The base URL, what <c>ConcurFisOptions.BaseUrl</c> takes.</summary>
    public string Url => _server.Url!;

    /// <summary>The clock of <see cref="Services"/>: frozen at 2026-11-26 09:00 UTC until a test advances it.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    /// <summary>This emulator's own protected token store folder (<c>Fis:TokenStore:Path</c>), removed on dispose.</summary>
    public string TokenStorePath { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ff-concur-tokens-" + Guid.NewGuid().ToString("N"));

    /// <summary>Everything the clients built by <see cref="Services"/> logged.</summary>
    public ListLoggerProvider Logs { get; } = new();

    /// <summary>The FIS document served by <see cref="ServeExpense"/> or <see cref="ServeExample"/>.</summary>
    public JsonObject Document => _document ?? throw new InvalidOperationException("No document served: call ServeExpense or ServeExample first.");

    public string DocumentId => Document["id"]!.GetValue<string>();

    public string ReportId => Document["document"]!["report"]!["reportId"]!.GetValue<string>();

    /// <summary>Every token request gets a new token <c>token-1</c>, <c>token-2</c>… valid for <paramref name="expiresIn"/> seconds.</summary>
    public ConcurFisEmulator WithTokens(int expiresIn = 3600, int count = 5)
    {
        for (var i = 1; i <= count; i++)
        {
            var step = _server.Given(Request.Create().WithPath(TokenPath).UsingPost()).AtPriority(TokensPriority).InScenario("tokens");
            step = i == 1 ? step : step.WhenStateIs($"issued-{i - 1}");
            step.WillSetStateTo($"issued-{i}").RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(TokenAnswer($"token-{i}", expiresIn)));
        }

        return this;
    }

    /// <summary>
    /// Requests to <paramref name="path"/> with <paramref name="method"/> (only those carrying <paramref name="bearer"/>, if given)
    /// get this answer, over anything served: a document, a confirmation answer or a fault (401, 404, 429, 500, 503…).
    /// </summary>
    public ConcurFisEmulator With(string method, string path, int status, string body = "", string? bearer = null)
    {
        var request = Request.Create().WithPath(path).UsingMethod(method);
        if (bearer is not null)
        {
            request = request.WithHeader("Authorization", $"Bearer {bearer}");
        }

        _server.Given(request).AtPriority(bearer is null ? OverridePriority : BearerPriority)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
        return this;
    }

    /// <summary>GETs of <paramref name="path"/> are answered only after <paramref name="delay"/>.</summary>
    public ConcurFisEmulator WithSlowAnswer(string path, TimeSpan delay)
    {
        _server.Given(Request.Create().WithPath(path).UsingGet()).AtPriority(OverridePriority)
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("{}").WithDelay(delay));
        return this;
    }

    /// <summary>Serves the reference expense document as <paramref name="documentId"/> (its FIS page) with success answers to its acknowledgement and confirmations.</summary>
    public ConcurFisEmulator ServeExpense(string documentId)
    {
        var page = ConcurFisPayloads.ExpensePage(documentId);
        return Serve(page, JsonNode.Parse(page)!["content"]![0]!.AsObject());
    }

    /// <summary>Serves <c>fIDocuments[0]</c> of a use-case example (the example file as the GET answer) with success answers to its acknowledgement and confirmations.</summary>
    public ConcurFisEmulator ServeExample(string exampleFile = ConcurFisPayloads.Example21)
    {
        var example = ConcurFisPayloads.Example(exampleFile);
        return Serve(example, JsonNode.Parse(example)!["fIDocuments"]![0]!.AsObject());
    }

    /// <summary>The reference <c>expense.readyForIntegration</c> event announcing <paramref name="documentId"/> (by default the served document), its href on this emulator.</summary>
    public string ReadyEvent(string? documentId = null) => ConcurFisPayloads.ReadyEvent(Url, documentId ?? DocumentId);

    /// <summary>The requests received at <paramref name="path"/>, in arrival order.</summary>
    public IReadOnlyList<ILogEntry> Received(string path) =>
        _server.LogEntries.Where(e => e.RequestMessage.Path == path).OrderBy(e => e.RequestMessage.DateTime).ToList();

    /// <summary>A provider with <c>AddConcurFis</c> pointing at this emulator, on <see cref="Time"/> and <see cref="Logs"/>; <paramref name="settings"/> override the defaults, <paramref name="store"/> the token store.</summary>
    public ServiceProvider Services(IDictionary<string, string?>? settings = null, IConcurTokenStore? store = null)
    {
        var values = new Dictionary<string, string?>
        {
            [$"{ConcurFisOptions.SectionName}:Enabled"] = "true",
            [$"{ConcurFisOptions.SectionName}:BaseUrl"] = Url,
            [$"{ConcurFisOptions.SectionName}:ClientId"] = ClientId,
            [$"{ConcurFisOptions.SectionName}:ClientSecret"] = ClientSecret,
            [$"{ConcurFisOptions.SectionName}:CompanyRefreshToken"] = RefreshToken,
            [$"{ConcurFisOptions.SectionName}:TokenStore:Path"] = TokenStorePath,
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
        if (store is not null)
        {
            services.AddSingleton(store);
        }

        services.AddConcurFis(configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
        if (Directory.Exists(TokenStorePath))
        {
            Directory.Delete(TokenStorePath, recursive: true);
        }
    }

    private ConcurFisEmulator Serve(string getAnswer, JsonObject document)
    {
        _document = document;
        Stub("GET", TransactionsPath, getAnswer);
        Stub("POST", AcknowledgementsPath, ConcurFisPayloads.AnswerFor(ConcurFisPayloads.AcknowledgementsAnswer, DocumentId));
        Stub("POST", PostingConfirmationsPath, ConcurFisPayloads.AnswerFor(ConcurFisPayloads.PostingConfirmationsAnswer, DocumentId));
        Stub("POST", PaymentConfirmationsPath, ConcurFisPayloads.PaymentAnswerFor(DocumentId));
        return this;
    }

    private void Stub(string method, string path, string body) =>
        _server.Given(Request.Create().WithPath(path).UsingMethod(method)).AtPriority(ServedPriority)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));

    private object TokenAnswer(string accessToken, int expiresIn) => new
    {
        expires_in = expiresIn,
        scope = "FISVC",
        token_type = "Bearer",
        access_token = accessToken,
        refresh_token = RefreshToken,
        refresh_expires_in = 1_800_000_000,
        geolocation = Url,
    };
}
