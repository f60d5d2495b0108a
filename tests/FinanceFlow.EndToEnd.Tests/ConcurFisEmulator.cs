using System.Text.Json.Nodes;
using FinanceFlow.Testing;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>A WireMock.Net Concur FIS serving one reference example document, as in FinanceFlow.ConcurFis.Tests.</summary>
public sealed class ConcurFisEmulator : IDisposable
{
    public const string TokenPath = "/oauth2/v0/token";
    public const string TransactionsPath = "/financialintegration/fi/v4/companies/transactiontypes/expense/transactions";
    public const string AcknowledgementsPath = TransactionsPath + "/acknowledgements";
    public const string PostingConfirmationsPath = TransactionsPath + "/postingconfirmations";

    /// <summary>Use case 2.1 (one German taxi receipt with reclaimable VAT, paid by the employee): no credits, so posting-rule work on credits does not move it.</summary>
    public const string ExampleFile = "FI-API-ReportID-F071FADEA6B142DD884A-Example-2.1.json";

    private readonly WireMockServer _server = WireMockServer.Start();

    public ConcurFisEmulator()
    {
        Document = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.SharedReference, "concur-fis", "examples", ExampleFile)))!["fIDocuments"]![0]!.AsObject();
        _server.Given(Request.Create().WithPath(TokenPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(new
        {
            expires_in = 3600,
            scope = "FISVC",
            token_type = "Bearer",
            access_token = "token-1",
            refresh_token = "company-refresh-token",
            refresh_expires_in = 1_800_000_000,
        }));
        Json(TransactionsPath, "GET", File.ReadAllText(Path.Combine(RepoPaths.SharedReference, "concur-fis", "examples", ExampleFile)));
        Json(AcknowledgementsPath, "POST", AnswerFor("concur-fis-v4-acknowledgements-response.json"));
        Json(PostingConfirmationsPath, "POST", AnswerFor("concur-fis-v4-postingconfirmations-response.json"));
    }

    public string Url => _server.Url!;

    /// <summary>The FIS document served: <c>fIDocuments[0]</c> of the example.</summary>
    public JsonObject Document { get; }

    public string DocumentId => Document["id"]!.GetValue<string>();

    public string ReportId => Document["document"]!["report"]!["reportId"]!.GetValue<string>();

    /// <summary>The reference <c>expense.readyForIntegration</c> event announcing <see cref="Document"/>, its href on this emulator.</summary>
    public byte[] ReadyEvent()
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(
            RepoPaths.SharedReference, "concur-events", "concur-ess-v4-financialintegration-expense.readyForIntegration.json")))!;
        node["facts"]!["documentId"] = DocumentId;
        node["facts"]!["href"] = $"{Url}{TransactionsPath}?docId={DocumentId}";
        return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    /// <summary>The requests received at <paramref name="path"/>, in arrival order.</summary>
    public IReadOnlyList<ILogEntry> Received(string path) =>
        _server.LogEntries.Where(e => e.RequestMessage.Path == path).OrderBy(e => e.RequestMessage.DateTime).ToList();

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }

    /// <summary>The successful first item of a reference answer, for the served document.</summary>
    private string AnswerFor(string fileName)
    {
        var item = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.SharedReference, "concur-fis", fileName)))!.AsArray()[0]!.DeepClone();
        item["docId"] = DocumentId;
        return new JsonArray(item).ToJsonString();
    }

    private void Json(string path, string method, string body) =>
        _server.Given(Request.Create().WithPath(path).UsingMethod(method))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));
}
