using System.Net;
using System.Text.Json.Nodes;
using FinanceFlow.Connectors.Concur;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Emulators.Concur;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.ConcurFis.Tests;

/// <summary>Get Financial Transactions walked by its <c>next</c> links against the emulated ready queue.</summary>
public sealed class ConcurFisClientListTests : IDisposable
{
    private static readonly string ExpensePath = ConcurFisEmulator.TransactionsPathOf("expense");
    private readonly ConcurFisEmulator _server = new ConcurFisEmulator().WithTokens();

    [Fact]
    public async Task ListReadyDocumentsAsync_ThreePages_FollowsNextToTheEndAndReturnsEveryDocumentWithItsReportId()
    {
        // Arrange: seven documents, three a page, one of them embedded as a JSON string as the guide's sample shows it.
        _server.Offer([.. Enumerable.Range(1, 7).Select(i => ConcurFisPayloads.ListItem($"fis-{i}", document: ConcurFisPayloads.ExpenseDocument($"R-{i}"), asString: i == 5))]);
        using var services = _server.Services(Settings(pageSize: 3));

        // Act
        var list = await Client(services).ListReadyDocumentsAsync("expense");

        // Assert
        Assert.Equal((3, true), (list.Pages, list.Complete));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => ($"fis-{i}", "expense", (string?)"READY", (string?)$"R-{i}")), list.Documents.Select(d => (d.Id, d.DocType, d.DocStatus, d.DocId)));
        var requests = _server.Received(ExpensePath).Select(e => e.RequestMessage).ToList();
        Assert.Equal(["3", "3", "3"], requests.Select(r => r.Query!["limit"].Single()));
        Assert.Equal([null, "1", "2"], requests.Select(r => r.Query!.TryGetValue("page", out var page) ? page.Single() : null));
        Assert.All(requests, r => Assert.Equal(("Bearer token-1", "json"), (r.Headers!["Authorization"].Single(), r.Headers["DocumentFormatAs"].Single())));

        // The item as listed is what the intake reads: the string-embedded document parses like the others.
        var parsed = ConcurDocumentParser.Parse(list.Documents[4].Item);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.Select(e => $"{e.Pointer} {e.Message}")));
        Assert.Equal(("fis-5", "R-5"), (parsed.Document!.Id, parsed.Document.Expense!.Report!.ReportId));
    }

    [Fact]
    public async Task ListReadyDocumentsAsync_AcknowledgedDocument_IsNoLongerListed()
    {
        // Arrange
        _server.Offer(ConcurFisPayloads.ListItem("fis-1", document: ConcurFisPayloads.ExpenseDocument("R-1")), ConcurFisPayloads.ListItem("fis-2", document: ConcurFisPayloads.ExpenseDocument("R-2")));
        using var services = _server.Services();
        var client = Client(services);

        // Act
        await client.AcknowledgeAsync("expense", "fis-1");
        var list = await client.ListReadyDocumentsAsync("expense");

        // Assert
        Assert.Equal(["fis-2"], list.Documents.Select(d => d.Id));
    }

    [Fact]
    public async Task ListReadyDocumentsAsync_NextLinkOnAnotherHost_IsRefusedAndNeverCalledWithTheToken()
    {
        // Arrange
        using var foreign = new ConcurFisEmulator();
        _server.With("GET", ExpensePath, 200, PageLinkingTo($"{foreign.Url}{ExpensePath}?limit=100&page=1"));
        using var services = _server.Services();

        // Act
        var ex = await Assert.ThrowsAsync<ConcurFisException>(() => Client(services).ListReadyDocumentsAsync("expense"));

        // Assert
        Assert.Contains("Refused to follow", ex.Message, StringComparison.Ordinal);
        Assert.Contains(foreign.Url, ex.Message, StringComparison.Ordinal);
        Assert.Empty(foreign.Received(ExpensePath));
        Assert.Single(_server.Received(ExpensePath));
    }

    [Fact]
    public async Task ListReadyDocumentsAsync_MoreThanMaxPages_StopsAtTheCapAndSaysTheListIsIncomplete()
    {
        // Arrange
        _server.Offer([.. Enumerable.Range(1, 5).Select(i => ConcurFisPayloads.ListItem($"fis-{i}", document: ConcurFisPayloads.ExpenseDocument($"R-{i}")))]);
        using var services = _server.Services(Settings(pageSize: 1, maxPages: 2));

        // Act
        var list = await Client(services).ListReadyDocumentsAsync("expense");

        // Assert
        Assert.Equal((2, false), (list.Pages, list.Complete));
        Assert.Equal(["fis-1", "fis-2"], list.Documents.Select(d => d.Id));
        Assert.Equal(2, _server.Received(ExpensePath).Count);
        Assert.Contains(_server.Logs.Messages, m => m.Contains("ListMaxPages", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListReadyDocumentsAsync_NextRepeatsAPageReadBefore_StopsTheWalk()
    {
        // Arrange: every page says the next one is the first again.
        _server.With("GET", ExpensePath, 200, PageLinkingTo($"{_server.Url}{ExpensePath}?limit=100"));
        using var services = _server.Services();

        // Act
        var list = await Client(services).ListReadyDocumentsAsync("expense");

        // Assert
        Assert.Equal((1, false), (list.Pages, list.Complete));
        Assert.Single(list.Documents);
        Assert.Single(_server.Received(ExpensePath));
    }

    [Theory]
    [InlineData(503, typeof(ConcurUnavailableException))]
    [InlineData(429, typeof(ConcurUnavailableException))]
    [InlineData(400, typeof(ConcurFisException))]
    public async Task ListReadyDocumentsAsync_ConcurFails_ThrowsTheSameFaultsAsTheOtherCalls(int status, Type expected)
    {
        // Arrange
        _server.With("GET", ExpensePath, status, """{"message":"no"}""");
        using var services = _server.Services();

        // Act
        var ex = await Record.ExceptionAsync(() => Client(services).ListReadyDocumentsAsync("expense"));

        // Assert
        Assert.IsType(expected, ex);
        Assert.Contains(((HttpStatusCode)status).ToString(), ex!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListReadyDocumentsAsync_UnreadableAnswer_ThrowsConcurFisException()
    {
        // Arrange
        _server.With("GET", ExpensePath, 200, "<html>maintenance</html>");
        using var services = _server.Services();

        // Act
        var ex = await Assert.ThrowsAsync<ConcurFisException>(() => Client(services).ListReadyDocumentsAsync("expense"));

        // Assert
        Assert.Contains("not readable JSON", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _server.Dispose();

    private static ConcurFisClient Client(ServiceProvider services) => services.GetRequiredService<ConcurFisClient>();

    private static Dictionary<string, string?> Settings(int pageSize = 100, int maxPages = 20) => new()
    {
        [$"{ConcurFisOptions.SectionName}:ListPageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"{ConcurFisOptions.SectionName}:ListMaxPages"] = maxPages.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string PageLinkingTo(string next) => new JsonObject
    {
        ["links"] = new JsonArray(new JsonObject { ["rel"] = "next", ["href"] = next }),
        ["content"] = new JsonArray(ConcurFisPayloads.ListItem("fis-1", document: ConcurFisPayloads.ExpenseDocument("R-1"))),
    }.ToJsonString();
}
