using System.Net;
using System.Text;
using FinanceFlow.Connectors.Concur;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Emulators.Concur;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.ConcurFis.Tests;

public sealed class ConcurFisClientDocumentTests : IDisposable
{
    private const string DocumentId = "5F8FC21234374B979809";
    private readonly ConcurFisEmulator _server = new ConcurFisEmulator().WithTokens();

    [Fact]
    public async Task GetDocumentAsync_ExpenseEventHref_ReturnsConcurBytesAsSentAndTheyParse()
    {
        // Arrange
        var page = ConcurFisPayloads.ExpensePage("e7f810cabc8348cdb051dd9431c8cfbb");
        _server.With("GET", ConcurFisEmulator.TransactionsPath, 200, page);
        using var services = _server.Services();

        // Act
        var bytes = await services.GetRequiredService<ConcurFisClient>().GetDocumentAsync(EventHref());

        // Assert
        Assert.Equal(page, Encoding.UTF8.GetString(bytes));
        var request = Assert.Single(_server.Received(ConcurFisEmulator.TransactionsPath)).RequestMessage;
        Assert.Equal("Bearer token-1", request.Headers!["Authorization"].Single());
        Assert.Equal("json", request.Headers["DocumentFormatAs"].Single());
        Assert.Equal(DocumentId, request.Query!["docId"].Single());
        var parsed = ConcurDocumentParser.Parse(bytes);
        Assert.Equal("expense", parsed.Document?.DocType);
        Assert.Equal("e7f810cabc8348cdb051dd9431c8cfbb", parsed.Document?.Id);
    }

    [Fact]
    public async Task GetDocumentAsync_Unauthorized_RefreshesTheTokenOnceAndRetries()
    {
        // Arrange: Concur revoked token-1 early.
        _server.With("GET", ConcurFisEmulator.TransactionsPath, 401, "", bearer: "token-1");
        _server.With("GET", ConcurFisEmulator.TransactionsPath, 200, ConcurFisPayloads.ExpensePage("e7f8"), bearer: "token-2");
        using var services = _server.Services();

        // Act
        var bytes = await services.GetRequiredService<ConcurFisClient>().GetDocumentAsync(EventHref());

        // Assert
        Assert.NotEmpty(bytes);
        Assert.Equal(2, _server.Received(ConcurFisEmulator.TokenPath).Count);
        Assert.Equal(
            ["Bearer token-1", "Bearer token-2"],
            _server.Received(ConcurFisEmulator.TransactionsPath).Select(e => e.RequestMessage.Headers!["Authorization"].Single()));
    }

    [Fact]
    public async Task GetDocumentAsync_UnauthorizedAgainAfterRefresh_StopsWithANonTransientError()
    {
        // Arrange
        _server.With("GET", ConcurFisEmulator.TransactionsPath, 401, "");
        using var services = _server.Services();

        // Act
        var ex = await Assert.ThrowsAsync<ConcurFisException>(() => services.GetRequiredService<ConcurFisClient>().GetDocumentAsync(EventHref()));

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal(2, _server.Received(ConcurFisEmulator.TransactionsPath).Count);
    }

    [Fact]
    public async Task GetDocumentAsync_NotFound_ThrowsDocumentNotFound()
    {
        // Arrange
        _server.With("GET", ConcurFisEmulator.TransactionsPath, 404, "");
        using var services = _server.Services();
        var href = EventHref();

        // Act
        var ex = await Assert.ThrowsAsync<ConcurDocumentNotFoundException>(() => services.GetRequiredService<ConcurFisClient>().GetDocumentAsync(href));

        // Assert
        Assert.Equal(href, ex.Href);
        Assert.Contains("404", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetDocumentAsync_EmptyPage_ThrowsDocumentNotFound()
    {
        // Arrange
        _server.With("GET", ConcurFisEmulator.TransactionsPath, 200, """{"links":[],"content":[],"page":{"size":0,"totalElements":0,"totalPages":0,"number":0}}""");
        using var services = _server.Services();

        // Act
        var ex = await Assert.ThrowsAsync<ConcurDocumentNotFoundException>(() => services.GetRequiredService<ConcurFisClient>().GetDocumentAsync(EventHref()));

        // Assert
        Assert.Contains("already acknowledged", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    [InlineData(429)]
    public async Task GetDocumentAsync_ServerErrorOrThrottled_ThrowsTransientWithTheCause(int status)
    {
        // Arrange
        _server.With("GET", ConcurFisEmulator.TransactionsPath, status, """{"message":"try later"}""");
        using var services = _server.Services();

        // Act
        var ex = await Assert.ThrowsAsync<ConcurUnavailableException>(() => services.GetRequiredService<ConcurFisClient>().GetDocumentAsync(EventHref()));

        // Assert
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal((HttpStatusCode)status, Assert.IsType<HttpRequestException>(ex.InnerException).StatusCode);
        Assert.Contains("try later", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetDocumentAsync_SlowerThanTheTimeout_ThrowsTransient()
    {
        // Arrange
        _server.WithSlowAnswer(ConcurFisEmulator.TransactionsPath, TimeSpan.FromSeconds(3));
        using var services = _server.Services(new Dictionary<string, string?> { [$"{ConcurFisOptions.SectionName}:TimeoutSeconds"] = "1" });

        // Act
        var ex = await Assert.ThrowsAsync<ConcurUnavailableException>(() => services.GetRequiredService<ConcurFisClient>().GetDocumentAsync(EventHref()));

        // Assert
        Assert.Contains("within 1 s", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.StatusCode);
    }

    [Fact]
    public async Task GetDocumentAsync_HrefOnAnotherHost_RefusedWithoutSendingTheToken()
    {
        // Arrange: the sample's own href (us2.api.concursolutions.com) is not the configured emulator host.
        using var services = _server.Services();
        var foreign = ReadEvent().Facts.Href!;

        // Act
        var ex = await Assert.ThrowsAsync<ConcurFisException>(() => services.GetRequiredService<ConcurFisClient>().GetDocumentAsync(foreign));

        // Assert
        Assert.Contains("us2.api.concursolutions.com", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Received(ConcurFisEmulator.TokenPath));
        Assert.Empty(_server.Received(ConcurFisEmulator.TransactionsPath));
    }

    [Fact]
    public async Task GetDocumentAsync_Disabled_RefusesToCallConcur()
    {
        // Arrange
        using var services = _server.Services(new Dictionary<string, string?> { [$"{ConcurFisOptions.SectionName}:Enabled"] = "false" });

        // Act
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => services.GetRequiredService<ConcurFisClient>().GetDocumentAsync(EventHref()));

        // Assert
        Assert.Contains("Enabled", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _server.Dispose();

    private static ConcurEvent ReadEvent() => ConcurEventReader.Read(
        File.ReadAllBytes(Path.Combine(ConcurFisPayloads.EventsFolder, "concur-ess-v4-financialintegration-expense.readyForIntegration.json")));

    // The expense sample's href, moved onto the emulator's host.
    private Uri EventHref() => new(new Uri(_server.Url), ReadEvent().Facts.Href!.PathAndQuery);
}
