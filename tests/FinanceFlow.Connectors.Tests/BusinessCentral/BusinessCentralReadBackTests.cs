using FinanceFlow.Connectors.BusinessCentral;
using FinanceFlow.Core.Reconciliation;

namespace FinanceFlow.Connectors.Tests.BusinessCentral;

public sealed class BusinessCentralReadBackTests : IAsyncLifetime
{
    private const string LongReference = "FF-Expensify-R3A7F99C2B1D0E5F4.de01-mixed-Case-reference-with-a-long-tail-beyond-thirty-five-chars";

    private BusinessCentralFixture _bc = null!;

    public async Task InitializeAsync() => _bc = await BusinessCentralFixture.StartAsync();

    public async Task DisposeAsync() => await _bc.DisposeAsync();

    [Fact]
    public async Task PostAsync_ReferenceLongerThanTheFields_MappedStablyAndReadBackInFull()
    {
        using var connector = _bc.Connector();
        var entry = BusinessCentralFixture.Entry(LongReference);

        var result = await connector.PostAsync(entry, CancellationToken.None);
        var found = await connector.FindDocumentAsync(entry, CancellationToken.None);
        var transactions = await connector.ListFinanceFlowTransactionsAsync(CancellationToken.None);

        var documentNumber = BusinessCentralReference.DocumentNumber(LongReference);
        Assert.True(result.Accepted, result.Reason);
        Assert.Equal(documentNumber, result.DocumentNumber);
        Assert.Matches("^FF-[A-Z2-7]{17}$", documentNumber);
        Assert.Equal(documentNumber, BusinessCentralReference.DocumentNumber(LongReference));
        Assert.NotEqual(documentNumber, BusinessCentralReference.DocumentNumber(LongReference + "2"));
        var external = BusinessCentralReference.ExternalNumber(LongReference);
        Assert.Equal(35, external.Length);
        Assert.StartsWith("FF-EXPENSIFY-R3A7", external, StringComparison.Ordinal);
        Assert.Equal(external, _bc.ApiCalls().Single(c => c.PathAndQuery.EndsWith("$batch", StringComparison.Ordinal)).Body.Split("\"externalDocumentNumber\":\"")[1][..35]);
        Assert.Empty(found.Differences);
        var transaction = Assert.Single(transactions);
        Assert.Equal(LongReference, transaction.Reference);
        Assert.Equal(119.00m, transaction.DebitsByCurrency["EUR"]);
    }

    [Fact]
    public async Task ListFinanceFlowTransactionsAsync_SeveralPagesAndADuplicate_EveryTransactionUnderOurReference()
    {
        _bc.Store.PageSize = 2;
        using var connector = _bc.Connector();
        await connector.PostAsync(BusinessCentralFixture.Entry("FF-CANONICAL-R-1"), CancellationToken.None);
        await connector.PostAsync(BusinessCentralFixture.Entry("FF-CANONICAL-R-2", date: new DateOnly(2025, 3, 20)), CancellationToken.None);
        _bc.Store.AddManualLedgerEntry("2025-03-21", "G00042", "6400", "Manual entry", 5m);
        _bc.Store.AddManualLedgerEntry("2025-03-21", "G00042", "2510", "Manual entry", -5m);

        // A person posts the same document number a second time by hand: a duplicate the reconciliation must see.
        _bc.Store.AddManualLedgerEntry("2025-03-22", "FF-CANONICAL-R-1", "6400", "FF-CANONICAL-R-1 again", 10m);
        _bc.Store.AddManualLedgerEntry("2025-03-22", "FF-CANONICAL-R-1", "2510", "FF-CANONICAL-R-1 again", -10m);

        var transactions = await connector.ListFinanceFlowTransactionsAsync(CancellationToken.None);

        Assert.Equal(
            ["FF-CANONICAL-R-1 2025-03-14 119.00", "FF-CANONICAL-R-1 2025-03-22 10", "FF-CANONICAL-R-2 2025-03-20 119.00"],
            transactions.Select(t => $"{t.Reference} {t.Date:yyyy-MM-dd} {t.DebitsByCurrency["EUR"]}").Order(StringComparer.Ordinal));
        Assert.True(_bc.ApiCalls().Count(c => c.PathAndQuery.Contains("$skiptoken", StringComparison.Ordinal)) >= 3);
        var lookup = await connector.FindDocumentAsync(BusinessCentralFixture.Entry("FF-CANONICAL-R-1"), CancellationToken.None);
        Assert.Equal(2, lookup.Copies);
    }

    [Fact]
    public async Task ListFinanceFlowTransactionsAsync_Window_AsksForThosePostingDatesOnly()
    {
        using var connector = _bc.Connector();
        await connector.PostAsync(BusinessCentralFixture.Entry("FF-CANONICAL-R-1"), CancellationToken.None);
        await connector.PostAsync(BusinessCentralFixture.Entry("FF-CANONICAL-R-2", date: new DateOnly(2025, 3, 20)), CancellationToken.None);
        _bc.Store.AddManualLedgerEntry("2025-03-22", "FF-CANONICAL-R-3", "6400", "FF-CANONICAL-R-3", 10m);
        _bc.Store.AddManualLedgerEntry("2025-03-22", "FF-CANONICAL-R-3", "2510", "FF-CANONICAL-R-3", -10m);

        var transactions = await connector.ListFinanceFlowTransactionsAsync(new LedgerWindow(new DateOnly(2025, 3, 15), new DateOnly(2025, 3, 22)), CancellationToken.None);

        Assert.Equal(["FF-CANONICAL-R-2 2025-03-20", "FF-CANONICAL-R-3 2025-03-22"], transactions.Select(t => $"{t.Reference} {t.Date:yyyy-MM-dd}").Order(StringComparer.Ordinal));
        var read = _bc.ApiCalls().Last(c => c.PathAndQuery.Contains("generalLedgerEntries", StringComparison.Ordinal));
        Assert.Contains("postingDate ge 2025-03-15 and postingDate le 2025-03-22", Uri.UnescapeDataString(read.PathAndQuery), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAccountsAsync_PostingAccountsThatAreNotBlocked()
    {
        using var connector = _bc.Connector();

        var accounts = await connector.ListAccountsAsync(CancellationToken.None);

        Assert.Equal(["1576", "2110", "2510", "6400", "6410"], accounts.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("FF-CANONICAL-R-1001", null, null, "Train", "FF-CANONICAL-R-1001 Train")]
    [InlineData("FF-A", "CC 1", "P-7", null, "FF-A CC:CC_1 PRJ:P-7")]
    public void Description_WrittenAndReadBack(string reference, string? costCenter, string? project, string? memo, string expected)
    {
        var written = BusinessCentralReference.Description(reference, costCenter, project, memo);
        var read = BusinessCentralReference.ReadDescription(written, BusinessCentralReference.DocumentNumber(reference));

        Assert.Equal(expected, written);
        Assert.Equal(reference, read.Reference);
        Assert.Equal(BusinessCentralReference.Token(costCenter), read.CostCenter);
        Assert.Equal(project, read.Project);
    }
}
