using System.Text.Json.Nodes;
using System.Web;
using FinanceFlow.Connectors.Expensify;
using FinanceFlow.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace FinanceFlow.Expensify.Tests;

/// <summary>A WireMock.Net Integration Server: one POST endpoint, answers chosen by the job in <c>requestJobDescription</c>.</summary>
public sealed class ExpensifyServer : IDisposable
{
    public const string Path = "/Integration-Server/ExpensifyIntegrations";
    public const string PartnerUserId = "aa_api_domain_com";
    public const string PartnerUserSecret = "s3cr3t-partner-Secret";
    public const string ExportFileName = "exportc111111d-a1a1-a1a1-a1a1-d1111111f.json";

    private readonly WireMockServer _server = WireMockServer.Start();

    public static string Reference(string fileName) =>
        File.ReadAllText(System.IO.Path.Combine(RepoPaths.SharedReference, "expensify", fileName));

    public static string Sample(string fileName) =>
        File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "Samples", fileName));

    /// <summary>The export job (a file job without onFinish) answers with a file name, the downloader with <paramref name="file"/>.</summary>
    public ExpensifyServer WithExport(string file)
    {
        Answer(job => Type(job) == "file" && job["onFinish"] is null, ExportFileName);
        Answer(job => Type(job) == "download", file);
        return this;
    }

    /// <summary>The markAsExported job (a file job with onFinish) answers with a file name.</summary>
    public ExpensifyServer WithMarkAsExported()
    {
        Answer(job => Type(job) == "file" && job["onFinish"] is not null, "exportd222222e-b2b2-b2b2-b2b2-e2222222a.json");
        return this;
    }

    public ExpensifyServer WithStatusUpdate(string answer)
    {
        Answer(job => Type(job) == "update", answer);
        return this;
    }

    /// <summary>Every job gets this answer (HTTP status and body).</summary>
    public ExpensifyServer WithAnswer(int status, string body)
    {
        _server.Given(Request.Create().WithPath(Path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithBody(body));
        return this;
    }

    /// <summary>The requests received, as their decoded form fields, in arrival order.</summary>
    public IReadOnlyList<ReceivedJob> Received =>
        _server.LogEntries
            .OrderBy(e => e.RequestMessage.DateTime)
            .Select(e => new ReceivedJob(Form(e.RequestMessage.Body), e.RequestMessage.DateTime))
            .ToList();

    /// <summary>A provider with <c>AddExpensifyConnector</c> pointing at this server; <paramref name="settings"/> override the defaults.</summary>
    public ServiceProvider Services(IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            [$"{ExpensifyOptions.SectionName}:Enabled"] = "true",
            [$"{ExpensifyOptions.SectionName}:BaseUrl"] = _server.Url + Path,
            [$"{ExpensifyOptions.SectionName}:PartnerUserId"] = PartnerUserId,
            [$"{ExpensifyOptions.SectionName}:PartnerUserSecret"] = PartnerUserSecret,
            [$"{ExpensifyOptions.SectionName}:DefaultLegalEntity"] = "US01",
            [$"{ExpensifyOptions.SectionName}:LegalEntityByPolicy:FEDCBA9876543210"] = "JP01",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddExpensifyConnector(configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }

    /// <summary>Everything the client logged.</summary>
    public ListLoggerProvider Logs { get; } = new();

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }

    private void Answer(Func<JsonObject, bool> job, string body) =>
        _server.Given(Request.Create().WithPath(Path).UsingPost().WithBody((string? raw) => Job(Form(raw)) is { } parsed && job(parsed)))
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(body));

    private static string? Type(JsonObject job) => job["type"]?.GetValue<string>();

    private static Dictionary<string, string> Form(string? body)
    {
        var form = HttpUtility.ParseQueryString(body ?? string.Empty);
        return form.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => form[k]!, StringComparer.Ordinal);
    }

    internal static JsonObject? Job(IReadOnlyDictionary<string, string> form) =>
        form.TryGetValue("requestJobDescription", out var json) ? JsonNode.Parse(json)?.AsObject() : null;
}

/// <summary>One request the emulator received.</summary>
public sealed record ReceivedJob(IReadOnlyDictionary<string, string> Form, DateTime At)
{
    public JsonObject Job => ExpensifyServer.Job(Form) ?? throw new InvalidOperationException("No requestJobDescription in the request.");

    public string? Type => Job["type"]?.GetValue<string>();

    public string? Template => Form.TryGetValue("template", out var template) ? template : null;
}
