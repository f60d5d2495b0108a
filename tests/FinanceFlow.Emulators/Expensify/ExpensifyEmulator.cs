using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Web;
using FinanceFlow.Connectors.Expensify;
using FinanceFlow.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace FinanceFlow.Emulators.Expensify;

/// <summary>
/// A WireMock.Net Expensify Integration Server: one POST endpoint, answers chosen by the job in <c>requestJobDescription</c>.
/// A job nothing was set up for gets WireMock's 404; <see cref="WithAnswer"/> overrides every job-specific answer.
/// </summary>
public sealed class ExpensifyEmulator : IDisposable
{
    public const string Path = "/Integration-Server/ExpensifyIntegrations";
    public const string PartnerUserId = "aa_api_domain_com";
    public const string PartnerUserSecret = "s3cr3t-partner-Secret";
    public const string ExportFileName = "exportc111111d-a1a1-a1a1-a1a1-d1111111f.json";
    public const string MarkAsExportedFileName = "exportd222222e-b2b2-b2b2-b2b2-e2222222a.json";

    private const int EveryJobPriority = 5;
    private const int JobPriority = 10;

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly ConcurrentQueue<MarkAsExported> _marks = new();

    /// <summary>The endpoint, what <c>ExpensifyOptions.BaseUrl</c> takes.</summary>
    public string Url => _server.Url + Path;

    /// <summary>Everything the clients built by <see cref="Services"/> logged.</summary>
    public ListLoggerProvider Logs { get; } = new();

    /// <summary>One item per report id named by a markAsExported job, in arrival order per job.</summary>
    public IReadOnlyCollection<MarkAsExported> Marks => _marks;

    /// <summary>The requests received, as their decoded form fields, in arrival order.</summary>
    public IReadOnlyList<ReceivedJob> Received =>
        _server.LogEntries
            .OrderBy(e => e.RequestMessage.DateTime)
            .Select(e => new ReceivedJob(Form(e.RequestMessage.Body), e.RequestMessage.DateTime))
            .ToList();

    /// <summary>Export jobs received (file jobs without onFinish): one per pull.</summary>
    public int Exports => Received.Count(r => r.IsExport);

    /// <summary>A file of <c>shared/reference/expensify</c> as published.</summary>
    public static string Reference(string fileName) =>
        File.ReadAllText(System.IO.Path.Combine(RepoPaths.SharedReference, "expensify", fileName));

    /// <summary>A file of <c>Expensify/Samples</c> (copied to <c>Samples/</c> of the test output), e.g. <c>financeflow-export.json</c>.</summary>
    public static string Sample(string fileName) =>
        File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "Samples", fileName));

    /// <summary>The export job (a file job without onFinish) answers with <see cref="ExportFileName"/>, the downloader with <paramref name="file"/>.</summary>
    public ExpensifyEmulator WithExport(string file)
    {
        Answer(job => Type(job) == "file" && job["onFinish"] is null, ExportFileName);
        Answer(job => Type(job) == "download", file);
        return this;
    }

    /// <summary>
    /// The markAsExported job (a file job with onFinish) answers with a file name and adds its report ids to <see cref="Marks"/>.
    /// With <paramref name="postedOnArrival"/>, each id is first put to the test while the request is held open.
    /// </summary>
    public ExpensifyEmulator WithMarkAsExported(Func<string, Task<bool>>? postedOnArrival = null)
    {
        _server.Given(JobRequest(job => Type(job) == "file" && job["onFinish"] is not null)).AtPriority(JobPriority)
            .RespondWith(Response.Create().WithCallback(async request =>
            {
                var ids = Parse(request.Body)?["inputSettings"]?["filters"]?["reportIDList"]?.GetValue<string>() ?? "";
                foreach (var id in ids.Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    _marks.Enqueue(new MarkAsExported(id, postedOnArrival is null ? null : await postedOnArrival(id)));
                }

                return new ResponseMessage
                {
                    StatusCode = 200,
                    BodyData = new BodyData { BodyAsString = MarkAsExportedFileName, DetectedBodyType = BodyType.String },
                };
            }));
        return this;
    }

    /// <summary>The reportStatus update job answers with <paramref name="answer"/>.</summary>
    public ExpensifyEmulator WithStatusUpdate(string answer)
    {
        Answer(job => Type(job) == "update", answer);
        return this;
    }

    /// <summary>Every job gets this answer (HTTP status and body), whatever else was set up: errors, rate limits (429 in the body or as HTTP)…</summary>
    public ExpensifyEmulator WithAnswer(int status, string body)
    {
        _server.Given(Request.Create().WithPath(Path).UsingPost()).AtPriority(EveryJobPriority)
            .RespondWith(Response.Create().WithStatusCode(status).WithBody(body));
        return this;
    }

    /// <summary>A provider with <c>AddExpensifyConnector</c> pointing at this server; <paramref name="settings"/> override the defaults, <paramref name="time"/> the clock.</summary>
    public ServiceProvider Services(IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var values = new Dictionary<string, string?>
        {
            [$"{ExpensifyOptions.SectionName}:Enabled"] = "true",
            [$"{ExpensifyOptions.SectionName}:BaseUrl"] = Url,
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
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddExpensifyConnector(configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }

    internal static Dictionary<string, string> Form(string? body)
    {
        var form = HttpUtility.ParseQueryString(body ?? string.Empty);
        return form.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => form[k]!, StringComparer.Ordinal);
    }

    internal static JsonObject? Job(IReadOnlyDictionary<string, string> form) =>
        form.TryGetValue("requestJobDescription", out var json) ? JsonNode.Parse(json)?.AsObject() : null;

    private static JsonObject? Parse(string? body) => Job(Form(body));

    private static string? Type(JsonObject job) => job["type"]?.GetValue<string>();

    private static IRequestBuilder JobRequest(Func<JsonObject, bool> job) =>
        Request.Create().WithPath(Path).UsingPost().WithBody((string? raw) => Parse(raw) is { } parsed && job(parsed));

    private void Answer(Func<JsonObject, bool> job, string body) =>
        _server.Given(JobRequest(job)).AtPriority(JobPriority).RespondWith(Response.Create().WithStatusCode(200).WithBody(body));
}
