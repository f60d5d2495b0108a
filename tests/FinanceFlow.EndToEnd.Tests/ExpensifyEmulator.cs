using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Web;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>
/// A WireMock.Net Expensify Integration Server that always exports the sample file (as FinanceFlow.Expensify.Tests) and, when a
/// markAsExported job arrives, asks the test (while holding the request) whether each named report is already in the ledger.
/// </summary>
public sealed class ExpensifyEmulator : IDisposable
{
    public const string Path = "/Integration-Server/ExpensifyIntegrations";
    public const string PartnerUserId = "aa_api_domain_com";
    public const string PartnerUserSecret = "s3cr3t-partner-Secret";
    public const string ExportFileName = "exportc111111d-a1a1-a1a1-a1a1-d1111111f.json";

    private readonly WireMockServer _server = WireMockServer.Start();
    private int _exports;

    public ExpensifyEmulator(string exportFile, Func<string, Task<bool>> isPosted)
    {
        _server.Given(Request.Create().WithPath(Path).UsingPost()).RespondWith(Response.Create().WithCallback(async request =>
        {
            var job = Job(request.Body);
            var type = job?["type"]?.GetValue<string>();
            if (type == "file" && job!["onFinish"] is not null)
            {
                var ids = job["inputSettings"]?["filters"]?["reportIDList"]?.GetValue<string>() ?? "";
                foreach (var id in ids.Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    Marks.Add(new MarkAsExported(id, await isPosted(id)));
                }

                return Answer("exportd222222e-b2b2-b2b2-b2b2-e2222222a.json");
            }

            if (type == "file")
            {
                Interlocked.Increment(ref _exports);
            }

            return Answer(type == "download" ? exportFile : ExportFileName);
        }));
    }

    public string Url => _server.Url + Path;

    /// <summary>Export jobs received: one per scheduled pull.</summary>
    public int Exports => Volatile.Read(ref _exports);

    /// <summary>One item per report id named by a markAsExported job, with whether its transaction was in the ledger on arrival.</summary>
    public ConcurrentBag<MarkAsExported> Marks { get; } = [];

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }

    private static ResponseMessage Answer(string body) => new()
    {
        StatusCode = 200,
        BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String },
    };

    private static JsonObject? Job(string? body) =>
        HttpUtility.ParseQueryString(body ?? string.Empty)["requestJobDescription"] is { } json ? JsonNode.Parse(json)?.AsObject() : null;
}

/// <summary>A markAsExported request for one report, and whether that report was already in the ledger when it arrived.</summary>
public sealed record MarkAsExported(string ReportId, bool PostedOnArrival);
