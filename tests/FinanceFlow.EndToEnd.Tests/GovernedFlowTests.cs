using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Testing;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>Governed posting through the self-host: master data and mappings loaded through the API, one ledger per entity.</summary>
public sealed class GovernedFlowTests(GovernedFlowFixture e2e) : IClassFixture<GovernedFlowFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static readonly SemaphoreSlim LoadOnce = new(1, 1);
    private static bool _loaded;

    public async Task InitializeAsync()
    {
        await LoadOnce.WaitAsync();
        try
        {
            if (!_loaded)
            {
                var sync = await e2e.SyncAndLoadMappingsAsync();

                // GL accounts come from the two ledgers' charts of accounts; the file's other records from the file.
                var summaries = sync.GetProperty("summaries").EnumerateArray().Select(s => (s.GetProperty("kind").GetString(), s.GetProperty("sourceSystem").GetString(), s.GetProperty("added").GetInt32())).ToList();
                Assert.Contains(("GlAccounts", "erp:us01", 13), summaries);
                Assert.Contains(("GlAccounts", "erp:de01", 10), summaries);
                Assert.Contains(("LegalEntities", "masterdata-file", 6), summaries);
                _loaded = true;
            }
        }
        finally
        {
            LoadOnce.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TwoEntityReport_PostsOneBalancedJournalPerEntityInItsOwnLedgerAndCurrency()
    {
        var reportId = "GOV-" + Guid.NewGuid().ToString("N")[..8];
        using var accepted = await e2e.DeliverAsync(EndToEndFixture.Sample("15-usd-two-entities.json", reportId));

        var view = await e2e.WaitForOutcomeAsync(reportId, Timeout);

        Assert.Equal("Posted", view.GetProperty("outcome").GetString());
        var documents = view.GetProperty("erpDocuments").EnumerateArray()
            .Select(d => (d.GetProperty("entity").GetString(), d.GetProperty("ledger").GetString(), d.GetProperty("currency").GetString(), d.GetProperty("amount").GetDecimal(), d.GetProperty("documentNumber").GetString()))
            .ToList();
        Assert.Equal(
            [("US01", "us01", "USD", 38.25m, $"FF-CANONICAL-{reportId}"), ("DE01", "de01", "EUR", 259.42m, $"FF-CANONICAL-{reportId}.DE01")],
            documents);
        Assert.Contains("expense-types DE01 Hotel v1", view.GetProperty("erpDocuments")[1].GetProperty("mappingVersions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(1, await e2e.Hledger.CountTransactionsWithCodeAsync($"FF-CANONICAL-{reportId}"));
        Assert.Equal(1, await e2e.GermanLedger.CountTransactionsWithCodeAsync($"FF-CANONICAL-{reportId}.DE01"));
        Assert.Equal(0, await e2e.Hledger.CountTransactionsWithCodeAsync($"FF-CANONICAL-{reportId}.DE01"));

        // The German journal is in euros, converted at the ECB rate of the hotel night, and the ledger still checks.
        var german = await PrintAsync(e2e.GermanLedger, $"FF-CANONICAL-{reportId}.DE01");
        var postings = german.GetProperty("tpostings").EnumerateArray().ToList();
        Assert.All(postings, p => Assert.Equal("EUR", p.GetProperty("pamount")[0].GetProperty("acommodity").GetString()));
        Assert.True(postings.Any(p => p.GetProperty("paccount").GetString() == "liabilities:employees:v-e100"
            && p.GetProperty("pcomment").GetString()!.Contains("fx:283.30 USD @ 0.9157 2026-11-18 ECB", StringComparison.Ordinal)), german.ToString());
        Assert.Equal(0, (await e2e.GermanLedger.RunHledgerAsync("check")).ExitCode);
        Assert.Equal(0, (await e2e.Hledger.RunHledgerAsync("check")).ExitCode);
    }

    [Fact]
    public async Task MappingChange_AppliesOnlyFromItsDate_AndShowsInTheAuditTrailWithMakerAndChecker()
    {
        var (accountStatus, _) = await e2e.SendAsync(
            HttpMethod.Put, "/api/v1/masterdata/gl-accounts?sourceSystem=masterdata-file&mode=merge", """[{"entity":"US01","account":"expenses:ground-transport"}]""");
        var (mappingStatus, mapping) = await e2e.ChangeMappingsAsync(
            "expense-types", """{"rules":[{"entity":"US01","source":"Taxi","target":"expenses:ground-transport","effectiveFrom":"2026-11-20"}]}""");
        Assert.Equal((200, 200), (accountStatus, mappingStatus));
        var version = mapping.GetProperty("version").GetInt32();

        var before = await PostTaxiAsync("2026-11-19");
        var after = await PostTaxiAsync("2026-11-20");

        Assert.Equal("expenses:taxi", ExpenseAccount(before));
        Assert.Equal("expenses:ground-transport", ExpenseAccount(after));
        Assert.Contains($"expense-types US01 Taxi v{version}", after.GetProperty("tcomment").GetString(), StringComparison.Ordinal);

        var trail = await new TableAuditTrail(new TableServiceClient(e2e.Azurite.ConnectionString)).ReadAsync(new ReportKey("mappings", "expense-types"), CancellationToken.None);
        var changes = trail.Where(a => a.Step == "MappingChanged" && a.Version == version).ToList();
        Assert.NotEmpty(changes);
        Assert.All(changes, a => Assert.Equal(GovernedFlowFixture.Checker, a.Actor));
        Assert.All(changes, a => Assert.Contains($"\"proposedBy\":\"{GovernedFlowFixture.Actor}\"", a.Detail, StringComparison.Ordinal));
        Assert.Contains(changes, a => a.Detail!.Contains("expenses:ground-transport", StringComparison.Ordinal));
        Assert.Contains(changes, a => a.Outcome == "Superseded" && a.Detail!.Contains("2026-11-19", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnmappedExpenseType_WaitsVisibly_ThenPostsOnceMappedAndRetried()
    {
        var reportId = "GOV-" + Guid.NewGuid().ToString("N")[..8];
        using var accepted = await e2e.DeliverAsync(EndToEndFixture.Sample("16-awaiting-unmapped-expense-type.json", reportId));
        var waiting = await e2e.WaitForOutcomeAsync(reportId, Timeout);
        Assert.Equal("AwaitingMasterData", waiting.GetProperty("outcome").GetString());
        var finding = Assert.Single(waiting.GetProperty("findings").EnumerateArray());
        Assert.Equal(("expense-type-unmapped", "/lines/0/expenseType"), (finding.GetProperty("code").GetString(), finding.GetProperty("path").GetString()));
        Assert.Equal(0, await e2e.Hledger.CountTransactionsWithCodeAsync($"FF-CANONICAL-{reportId}"));

        await e2e.SendAsync(HttpMethod.Put, "/api/v1/masterdata/gl-accounts?sourceSystem=masterdata-file&mode=merge", """[{"entity":"US01","account":"expenses:coworking"}]""");
        var (mapped, answer) = await e2e.ChangeMappingsAsync(
            "expense-types", """{"rules":[{"entity":"US01","source":"Coworking","target":"expenses:coworking","effectiveFrom":"2026-01-01"}]}""");
        Assert.True(mapped == 200, answer.ToString());
        var (retried, _) = await e2e.SendAsync(HttpMethod.Post, $"/api/v1/reports/canonical/{reportId}/retry", null);
        var posted = await e2e.WaitForReportAsync(reportId, v => v.GetProperty("outcome").GetString() == "Posted", Timeout, $"report {reportId} posted after the fix");

        Assert.Equal(202, retried);
        Assert.Empty(posted.GetProperty("findings").EnumerateArray());
        Assert.Equal("expenses:coworking", ExpenseAccount(await PrintAsync(e2e.Hledger, $"FF-CANONICAL-{reportId}")));
    }

    private async Task<JsonElement> PostTaxiAsync(string accountingDate)
    {
        var reportId = "GOV-" + Guid.NewGuid().ToString("N")[..8];
        var report = JsonNode.Parse(EndToEndFixture.Sample("01-usd-team-lunch.json", reportId))!;
        report["accountingDate"] = accountingDate;
        report["lines"]![0]!["expenseType"] = "Taxi";
        using var accepted = await e2e.DeliverAsync(JsonSerializer.SerializeToUtf8Bytes(report));
        var view = await e2e.WaitForOutcomeAsync(reportId, Timeout);
        Assert.True(view.GetProperty("outcome").GetString() == "Posted", view.ToString());
        return await PrintAsync(e2e.Hledger, $"FF-CANONICAL-{reportId}");
    }

    private static string? ExpenseAccount(JsonElement transaction) =>
        transaction.GetProperty("tpostings").EnumerateArray().Select(p => p.GetProperty("paccount").GetString()).Single(a => a!.StartsWith("expenses:", StringComparison.Ordinal));

    private static async Task<JsonElement> PrintAsync(HledgerWebProcess ledger, string code)
    {
        var (exitCode, stdout, stderr) = await ledger.RunHledgerAsync("print", "-O", "json", $"code:^{code}$");
        Assert.True(exitCode == 0, stderr);
        using var transactions = JsonDocument.Parse(stdout);
        return Assert.Single(transactions.RootElement.EnumerateArray()).Clone();
    }
}
