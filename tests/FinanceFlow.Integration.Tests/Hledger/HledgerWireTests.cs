using System.Net;
using System.Text.Json;
using FinanceFlow.Connectors;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Connectors.Hledger;
using FinanceFlow.Core.Journal;
using FinanceFlow.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace FinanceFlow.Integration.Tests.Hledger;

/// <summary>The connector against a fake hledger-web: request shape and how each answer is classified.</summary>
public sealed class HledgerWireTests : IDisposable
{
    private readonly WireMockServer _hledger = WireMockServer.Start();

    [Fact]
    public async Task PostAsync_AnyEntry_SendsEveryKeyOfTheVerifiedAddSample()
    {
        // Arrange
        _hledger.Given(Request.Create().WithPath("/add").UsingPut()).RespondWith(Response.Create().WithStatusCode(HttpStatusCode.Created));
        using var provider = Build();
        using var sample = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.SharedReference, "hledger", "add-minimal.json")));

        // Act
        var result = await provider.GetRequiredService<IErpConnector>().PostAsync(Entry(), CancellationToken.None);

        // Assert
        Assert.True(result.Accepted);
        using var sent = JsonDocument.Parse(Assert.Single(_hledger.LogEntries).RequestMessage.Body!);
        Assert.Equal(Keys(sample.RootElement), Keys(sent.RootElement));
        var credit = sent.RootElement.GetProperty("tpostings")[1].GetProperty("pamount")[0].GetProperty("aquantity");
        Assert.Equal(-8750, credit.GetProperty("decimalMantissa").GetInt64());
        Assert.Equal(2, credit.GetProperty("decimalPlaces").GetInt32());
        Assert.Equal("CONCUR-RPT-0001", sent.RootElement.GetProperty("tcode").GetString());
    }

    [Fact]
    public async Task PostAsync_HledgerAnswers400_IsABusinessRejectionWithItsMessage()
    {
        _hledger.Given(Request.Create().WithPath("/add").UsingPut())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.BadRequest).WithBody("\"could not parse json: key \\\"tindex\\\" not found\""));
        using var provider = Build();

        var result = await provider.GetRequiredService<IErpConnector>().PostAsync(Entry(), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Contains("key \"tindex\" not found", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostAsync_Hledger403UnderConcurrency_ThrowsErpUnavailableBecauseNothingWasWritten()
    {
        _hledger.Given(Request.Create().WithPath("/add").UsingPut())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.Forbidden).WithBody("\"server-side UI is disabled due to --serve-api\""));
        using var provider = Build();

        var error = await Assert.ThrowsAsync<ErpUnavailableException>(() => provider.GetRequiredService<IErpConnector>().PostAsync(Entry(), CancellationToken.None));

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task PostAsync_ServerErrorAfterSending_IsAnUnknownOutcomeNotANotWritten(HttpStatusCode status)
    {
        _hledger.Given(Request.Create().WithPath("/add").UsingPut()).RespondWith(Response.Create().WithStatusCode(status).WithBody("\"oops\""));
        using var provider = Build();

        var error = await Assert.ThrowsAsync<ErpOutcomeUnknownException>(() => provider.GetRequiredService<IErpConnector>().PostAsync(Entry(), CancellationToken.None));

        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains("may have been written", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostAsync_HledgerTooSlow_IsAnUnknownOutcome()
    {
        _hledger.Given(Request.Create().WithPath("/add").UsingPut())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.Created).WithDelay(TimeSpan.FromSeconds(5)));
        using var provider = Build(timeoutSeconds: 1);

        await Assert.ThrowsAsync<ErpOutcomeUnknownException>(() => provider.GetRequiredService<IErpConnector>().PostAsync(Entry(), CancellationToken.None));
    }

    [Fact]
    public async Task PostAsync_NobodyListens_ThrowsErpUnavailableBecauseNothingWasSent()
    {
        using var provider = Build(baseUrl: $"http://127.0.0.1:{FreePort.Get()}");

        var error = await Assert.ThrowsAsync<ErpUnavailableException>(() => provider.GetRequiredService<IErpConnector>().PostAsync(Entry(), CancellationToken.None));

        Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostAsync_ConnectionResetAfterTheRequestOnAReusedConnection_IsUnknownAndSentOnce()
    {
        // Arrange: a GET first, so the PUT goes out on a pooled connection (where an HTTP stack may resend a request answered by a reset).
        _hledger.Given(Request.Create().WithPath("/accountnames").UsingGet()).RespondWith(Response.Create().WithStatusCode(HttpStatusCode.OK).WithBody("[]"));
        _hledger.Given(Request.Create().WithPath("/add").UsingPut()).RespondWith(Response.Create().WithStatusCode(HttpStatusCode.Created));
        await using var proxy = new FaultProxy(new Uri(_hledger.Url!).Port);
        using var provider = Build(baseUrl: proxy.BaseUrl);
        var connector = provider.GetRequiredService<HledgerConnector>();
        await connector.ListAccountsAsync(CancellationToken.None);
        proxy.FailNext("PUT /add", ProxyFault.DropAnswer);

        // Act
        var error = await Assert.ThrowsAsync<ErpOutcomeUnknownException>(() => connector.PostAsync(Entry(), CancellationToken.None));

        // Assert: GET and PUT shared one connection, the PUT reached the server once; nothing below the poster sent it again.
        Assert.Equal((1, 1), (proxy.Faults, proxy.Connections));
        Assert.Equal(["GET /accountnames HTTP/1.1", "PUT /add HTTP/1.1"], proxy.Requests);
        Assert.Single(_hledger.LogEntries, e => e.RequestMessage.Method == "PUT");
        Assert.Contains("may have been written", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindDocumentAsync_JournalFileMissing_IsAnAuthoritativeNotFound()
    {
        using var provider = Build(journalPath: Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N") + ".journal"));

        var lookup = await provider.GetRequiredService<IErpConnector>().FindDocumentAsync(Entry(), CancellationToken.None);

        Assert.Equal((false, true), (lookup.Found, lookup.Authoritative));
    }

    [Fact]
    public async Task FindDocumentAsync_JournalDoesNotParse_ThrowsErpUnavailable()
    {
        // Arrange: what an unbalanced PUT leaves behind.
        var journal = Path.Combine(Path.GetTempPath(), "broken-" + Guid.NewGuid().ToString("N") + ".journal");
        await File.WriteAllTextAsync(journal, "2024-03-21 (X) broken\n    expenses:a  USD 4.30\n    liabilities:b  USD -0.00\n");
        using var provider = Build(journalPath: journal);
        try
        {
            // Act / Assert
            await Assert.ThrowsAsync<ErpUnavailableException>(() =>
                provider.GetRequiredService<IErpConnector>().FindDocumentAsync(Entry() with { ExternalReference = "X" }, CancellationToken.None));
        }
        finally
        {
            File.Delete(journal);
        }
    }

    public void Dispose() => _hledger.Stop();

    private static JournalEntry Entry() => new("CONCUR-RPT-0001", "US01", new DateOnly(2024, 3, 21), "USD", "Concur report 0001 | client dinner",
    [
        new JournalLine(AccountRole.Expense, "expenses:meals", 87.50m, 0m),
        new JournalLine(AccountRole.EmployeePayable, "liabilities:employee:12345AB", 0m, 87.50m),
    ]);

    /// <summary>Every key path in a JSON document (array items share one path), sorted.</summary>
    private static List<string> Keys(JsonElement element, string path = "")
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    keys.Add(path + "/" + property.Name);
                    keys.UnionWith(Keys(property.Value, path + "/" + property.Name));
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    keys.UnionWith(Keys(item, path + "[]"));
                }

                break;
        }

        return [.. keys];
    }

    /// <summary>The connector over the fake hledger-web; a long time limit by default, so a loaded machine does not turn an answer into a timeout.</summary>
    private ServiceProvider Build(string? journalPath = null, int timeoutSeconds = 30, string? baseUrl = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FinanceFlow:Erp:Hledger:BaseUrl"] = baseUrl ?? _hledger.Url,
            ["FinanceFlow:Erp:Hledger:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FinanceFlow:Erp:Hledger:JournalPath"] = journalPath,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFinanceFlowConnectors(configuration);
        return services.BuildServiceProvider();
    }
}
