using System.Text.Json;
using FinanceFlow.Connectors.NetSuite;
using FinanceFlow.Core.Reconciliation;
using static FinanceFlow.Connectors.Tests.NetSuite.NetSuiteLedger;

namespace FinanceFlow.Connectors.Tests.NetSuite;

/// <summary>The reconciliation's read-back and the chart of accounts, through SuiteQL pages.</summary>
public sealed class NetSuiteReadBackTests
{
    [Fact]
    public async Task ListFinanceFlowTransactionsAsync_SeveralPages_EveryJournalWithItsDebitsPerCurrency()
    {
        await using var ledger = await StartAsync((settings, _) => settings[Key + ":QueryPageSize"] = "2");
        await ledger.Connector.PostAsync(Entry("FF-CANONICAL-R-1"), CancellationToken.None);
        await ledger.Connector.PostAsync(Entry("FF-CANONICAL-R-2", amount: 20.50m, currency: "EUR"), CancellationToken.None);
        await ledger.Connector.PostAsync(Entry("FF-CANONICAL-R-3", amount: 1000m, date: new DateOnly(2026, 12, 1)), CancellationToken.None);

        var transactions = await ledger.Connector.ListFinanceFlowTransactionsAsync(CancellationToken.None);

        Assert.Equal(["FF-CANONICAL-R-1", "FF-CANONICAL-R-2", "FF-CANONICAL-R-3"], transactions.Select(t => t.Reference));
        Assert.Equal(187.00m, transactions[0].DebitsByCurrency["USD"]);
        Assert.Equal(20.50m, Assert.Single(transactions[1].DebitsByCurrency, d => d.Key == "EUR").Value);
        Assert.Equal(new DateOnly(2026, 12, 1), transactions[2].Date);
        Assert.All(transactions, t => Assert.Equal("Travel Jane Doe", t.Description));

        var queries = ledger.Calls.Where(c => c.PathAndQuery.StartsWith("/services/rest/query/v1/suiteql", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["/services/rest/query/v1/suiteql?limit=2&offset=0", "/services/rest/query/v1/suiteql?limit=2&offset=2", "/services/rest/query/v1/suiteql?limit=2&offset=4"],
            queries.Select(q => q.PathAndQuery));
        Assert.All(queries, q =>
        {
            Assert.Equal("POST", q.Method);
            Assert.Equal("transient", q.Headers["Prefer"]);
            using var body = JsonDocument.Parse(q.Body);
            Assert.Contains("WHERE t.externalid LIKE 'FF-%'", body.RootElement.GetProperty("q").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ListFinanceFlowTransactionsAsync_Window_AsksSuiteQlForThoseTransactionDatesOnly()
    {
        await using var ledger = await StartAsync();
        await ledger.Connector.PostAsync(Entry("FF-CANONICAL-R-1"), CancellationToken.None);
        await ledger.Connector.PostAsync(Entry("FF-CANONICAL-R-2", date: new DateOnly(2026, 12, 1)), CancellationToken.None);
        await ledger.Connector.PostAsync(Entry("FF-CANONICAL-R-3", date: new DateOnly(2026, 12, 3)), CancellationToken.None);

        var transactions = await ledger.Connector.ListFinanceFlowTransactionsAsync(new LedgerWindow(new DateOnly(2026, 11, 21), new DateOnly(2026, 12, 2)), CancellationToken.None);

        Assert.Equal("FF-CANONICAL-R-2", Assert.Single(transactions).Reference);
        using var body = JsonDocument.Parse(ledger.Calls.Last(c => c.PathAndQuery.StartsWith("/services/rest/query/v1/suiteql", StringComparison.Ordinal)).Body);
        Assert.Contains(
            "AND t.trandate BETWEEN TO_DATE('2026-11-21', 'YYYY-MM-DD') AND TO_DATE('2026-12-02', 'YYYY-MM-DD') ORDER BY",
            body.RootElement.GetProperty("q").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListFinanceFlowTransactionsAsync_EmptyLedger_Empty()
    {
        await using var ledger = await StartAsync();

        Assert.Empty(await ledger.Connector.ListFinanceFlowTransactionsAsync(CancellationToken.None));
        Assert.True(((FinanceFlow.Connectors.Erp.IErpLedgerReader)ledger.Connector).HasAuthoritativeLookup);
    }

    [Fact]
    public async Task ListAccountsAsync_ActiveAccountsByInternalId()
    {
        await using var ledger = await StartAsync((_, emulator) => emulator.Accounts.Add("3000"));

        var accounts = await ledger.Connector.ListAccountsAsync(CancellationToken.None);

        Assert.Equal(ledger.Emulator.Accounts.OrderBy(long.Parse), accounts);
        Assert.Contains("3000", accounts);
        Assert.DoesNotContain("999", accounts);
    }

    [Fact]
    public void ExternalId_ValidReference_UsedAsItIs()
    {
        Assert.Equal("FF-CANONICAL-R-1001", NetSuiteExternalId.For("FF-CANONICAL-R-1001"));
        Assert.Equal("FF-CANONICAL-R-1001", NetSuiteExternalId.ReferenceOf("FF-CANONICAL-R-1001", "FF-CANONICAL-R-1001 Travel"));
    }

    [Fact]
    public void ExternalId_CharactersNetSuiteRefuses_StableHashedFormAndReferenceFromMemo()
    {
        var externalId = NetSuiteExternalId.For("FF-EXPENSIFY-R1.DE01");

        Assert.Matches("^FF-EXPENSIFY-R1_DE01-h[0-9A-F]{16}$", externalId);
        Assert.Equal(externalId, NetSuiteExternalId.For("FF-EXPENSIFY-R1.DE01"));
        Assert.NotEqual(externalId, NetSuiteExternalId.For("FF-EXPENSIFY-R1_DE01"));
        Assert.Equal("FF-EXPENSIFY-R1.DE01", NetSuiteExternalId.ReferenceOf(externalId, "FF-EXPENSIFY-R1.DE01 Dinner in Berlin"));
        Assert.Equal(externalId, NetSuiteExternalId.ReferenceOf(externalId, "edited by a person"));
    }

    [Fact]
    public void ExternalId_LongerThanTheLimit_CutWithHashAndDistinct()
    {
        var a = "FF-CANONICAL-" + new string('A', 87);
        var b = "FF-CANONICAL-" + new string('A', 86) + "B";

        Assert.Equal(NetSuiteExternalId.MaxLength, NetSuiteExternalId.For(a).Length);
        Assert.True(NetSuiteExternalId.IsValid(NetSuiteExternalId.For(a)));
        Assert.NotEqual(NetSuiteExternalId.For(a), NetSuiteExternalId.For(b));
        Assert.StartsWith("FF-CANONICAL-AAAA", NetSuiteExternalId.For(a), StringComparison.Ordinal);
    }
}
