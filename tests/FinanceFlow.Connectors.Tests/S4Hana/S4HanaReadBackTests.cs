using FinanceFlow.Connectors.S4Hana;
using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Emulators.S4Hana;

namespace FinanceFlow.Connectors.Tests.S4Hana;

/// <summary>References longer than DocumentReferenceID, the reconciliation's read-back, and the chart of accounts.</summary>
public sealed class S4HanaReadBackTests
{
    private static readonly string LongReference = "FF-EXPENSIFY-" + new string('R', 60) + ".DE01-" + "tail";

    [Fact]
    public async Task PostAsync_ReferenceLongerThanDocumentReferenceId_IsFoundAndReadBackUnderOurFullReference()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();
        var entry = S4HanaTestLedger.Entry(LongReference);
        var id = S4HanaReference.DocumentReferenceId(LongReference);

        var result = await ledger.Connector.PostAsync(entry, CancellationToken.None);
        var lookup = await ledger.Connector.FindDocumentAsync(entry, CancellationToken.None);
        var readBack = await ledger.Connector.ListFinanceFlowTransactionsAsync(CancellationToken.None);

        Assert.True(result.Accepted, result.Reason);
        Assert.Matches("^FF[A-Z2-7]{14}$", id);
        var sent = Assert.Single(ledger.Emulator.Entries);
        Assert.Equal(id, sent.DocumentReferenceId);
        Assert.Equal([LongReference[..50], LongReference[50..], LongReference[..50]], sent.Items.Select(i => i.ItemText));
        Assert.Equal(result.DocumentNumber, lookup.DocumentNumber);
        Assert.Empty(lookup.Differences);
        Assert.Equal(LongReference, Assert.Single(readBack).Reference);
    }

    [Fact]
    public async Task ListFinanceFlowTransactionsAsync_ReadsEveryPageAndKeepsDuplicates()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync(new Dictionary<string, string?> { ["PageSize"] = "4" });
        ledger.Emulator.MaxPageSize = 3;
        foreach (var number in Enumerable.Range(1, 3))
        {
            Assert.True((await ledger.Connector.PostAsync(S4HanaTestLedger.Entry($"FF-CANONICAL-R-100{number}", amount: number * 10m), CancellationToken.None)).Accepted);
        }

        // A copy keyed in by hand under our reference, and an entry that is not ours.
        var date = new DateOnly(2026, 3, 20);
        var copied = S4HanaReference.DocumentReferenceId("FF-CANONICAL-R-1002");
        ledger.Emulator.Add("1010", copied, date, [Item("001", "61008000", 20m, "FF-CANONICAL-R-1002"), Item("002", "21710000", -20m, "FF-CANONICAL-R-1002")]);
        ledger.Emulator.Add("1010", "INV-4711", date, [Item("001", "61001000", 5m, null), Item("002", "21710000", -5m, null)]);

        var transactions = await ledger.Connector.ListFinanceFlowTransactionsAsync(CancellationToken.None);

        Assert.Equal(
            ["FF-CANONICAL-R-1001", "FF-CANONICAL-R-1002", "FF-CANONICAL-R-1002", "FF-CANONICAL-R-1003"],
            transactions.Select(t => t.Reference).Order(StringComparer.Ordinal));
        var first = transactions.Single(t => t.Reference == "FF-CANONICAL-R-1001");
        Assert.Equal(11.90m, first.DebitsByCurrency["EUR"]);
        Assert.Equal(new DateOnly(2026, 3, 14), first.Date);
        Assert.Equal("Hotel Berlin, sales confe", first.Description);
        // Client pages of 4 ($skip=0, 4, 8), each served in pages of at most 3 through __next ($skip=3&$top=1, …).
        Assert.Contains(ledger.Emulator.CubeReads, r => r.Contains("&$top=4&$skip=4&", StringComparison.Ordinal));
        Assert.Contains(ledger.Emulator.CubeReads, r => r.Contains("&$skip=3&$top=1", StringComparison.Ordinal));
        Assert.All(ledger.Emulator.CubeReads.Where(r => !r.Contains("DocumentReferenceID%20eq", StringComparison.Ordinal)), r => Assert.Contains("CompanyCode%20eq%20%271010%27%20and%20startswith%28DocumentReferenceID%2C%27FF%27%29", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FindDocumentAsync_SendsTheReferenceFilterOfTheCompanyCode()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();

        var lookup = await ledger.Connector.FindDocumentAsync(S4HanaTestLedger.Entry("FF-O'NEIL-1"), CancellationToken.None);

        Assert.False(lookup.Found);
        var read = Assert.Single(ledger.Emulator.CubeReads);
        Assert.Contains("$filter=" + Uri.EscapeDataString("CompanyCode eq '1010' and DocumentReferenceID eq '" + S4HanaReference.DocumentReferenceId("FF-O'NEIL-1") + "'"), read, StringComparison.Ordinal);
        Assert.Contains("$select=CompanyCode,FiscalYear,AccountingDocument,AccountingDocumentItem,DocumentReferenceID", read, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAccountsAsync_ReadsTheCompanyCodesChartWithoutBlockedAccounts()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();
        ledger.Emulator.BlockedAccounts["63001000"] = true;

        var accounts = await ledger.Connector.ListAccountsAsync(CancellationToken.None);

        Assert.Equal(["11001000", "15410000", "21710000", "21720000", "61001000", "61008000"], accounts);
        Assert.Contains(ledger.Emulator.Host.Calls, c => c.PathAndQuery.StartsWith("/sap/opu/odata/sap/API_JOURNALENTRYITEMBASIC_SRV/A_CompanyCode('1010')?$select=ChartOfAccounts", StringComparison.Ordinal));
        Assert.Contains(ledger.Emulator.Host.Calls, c => c.PathAndQuery.Contains("ChartOfAccounts%20eq%20%27YCOA%27", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListFinanceFlowTransactionsAsync_Window_AsksForThosePostingDatesOnly()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();
        Assert.True((await ledger.Connector.PostAsync(S4HanaTestLedger.Entry("FF-CANONICAL-R-1", date: new DateOnly(2026, 3, 14)), CancellationToken.None)).Accepted);
        Assert.True((await ledger.Connector.PostAsync(S4HanaTestLedger.Entry("FF-CANONICAL-R-2", date: new DateOnly(2026, 3, 20)), CancellationToken.None)).Accepted);
        Assert.True((await ledger.Connector.PostAsync(S4HanaTestLedger.Entry("FF-CANONICAL-R-3", date: new DateOnly(2026, 3, 21)), CancellationToken.None)).Accepted);

        var transactions = await ledger.Connector.ListFinanceFlowTransactionsAsync(new LedgerWindow(new DateOnly(2026, 3, 15), new DateOnly(2026, 3, 20)), CancellationToken.None);

        Assert.Equal("FF-CANONICAL-R-2", Assert.Single(transactions).Reference);
        Assert.Contains(
            "PostingDate ge datetime'2026-03-15T00:00:00' and PostingDate le datetime'2026-03-20T00:00:00'",
            Uri.UnescapeDataString(ledger.Emulator.CubeReads[^1]),
            StringComparison.Ordinal);
    }

    private static S4HanaEmulatedItem Item(string item, string account, decimal amount, string? text) =>
        new(item, account, "EUR", amount, amount > 0 ? "S" : "H", text, null, null);
}
