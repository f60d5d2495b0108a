using System.Net;
using System.Text.Json;
using FinanceFlow.Connectors;
using FinanceFlow.Connectors.Erp;
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

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task PostAsync_TransientAnswer_ThrowsErpUnavailable(HttpStatusCode status)
    {
        _hledger.Given(Request.Create().WithPath("/add").UsingPut())
            .RespondWith(Response.Create().WithStatusCode(status).WithBody("\"server-side UI is disabled due to --serve-api\""));
        using var provider = Build();

        var error = await Assert.ThrowsAsync<ErpUnavailableException>(() => provider.GetRequiredService<IErpConnector>().PostAsync(Entry(), CancellationToken.None));

        Assert.Contains(((int)status).ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostAsync_HledgerTooSlow_ThrowsErpUnavailable()
    {
        _hledger.Given(Request.Create().WithPath("/add").UsingPut())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.Created).WithDelay(TimeSpan.FromSeconds(5)));
        using var provider = Build(timeoutSeconds: 1);

        await Assert.ThrowsAsync<ErpUnavailableException>(() => provider.GetRequiredService<IErpConnector>().PostAsync(Entry(), CancellationToken.None));
    }

    [Fact]
    public async Task FindDocumentAsync_JournalFileMissing_ReturnsNull()
    {
        using var provider = Build(Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N") + ".journal"));

        Assert.Null(await provider.GetRequiredService<IErpConnector>().FindDocumentAsync("CONCUR-RPT-0001", CancellationToken.None));
    }

    [Fact]
    public async Task FindDocumentAsync_JournalDoesNotParse_ThrowsErpUnavailable()
    {
        // Arrange: what an unbalanced PUT leaves behind.
        var journal = Path.Combine(Path.GetTempPath(), "broken-" + Guid.NewGuid().ToString("N") + ".journal");
        await File.WriteAllTextAsync(journal, "2024-03-21 (X) broken\n    expenses:a  USD 4.30\n    liabilities:b  USD -0.00\n");
        using var provider = Build(journal);
        try
        {
            // Act / Assert
            await Assert.ThrowsAsync<ErpUnavailableException>(() =>
                provider.GetRequiredService<IErpConnector>().FindDocumentAsync("X", CancellationToken.None));
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
    private ServiceProvider Build(string? journalPath = null, int timeoutSeconds = 30)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FinanceFlow:Erp:Hledger:BaseUrl"] = _hledger.Url,
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
