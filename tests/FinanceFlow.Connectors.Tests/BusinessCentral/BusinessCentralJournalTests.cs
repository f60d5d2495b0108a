using System.Text.Json;

namespace FinanceFlow.Connectors.Tests.BusinessCentral;

public sealed class BusinessCentralJournalTests : IAsyncLifetime
{
    private BusinessCentralFixture _bc = null!;

    public async Task InitializeAsync() => _bc = await BusinessCentralFixture.StartAsync();

    public async Task DisposeAsync() => await _bc.DisposeAsync();

    [Fact]
    public async Task PostAsync_BalancedEntry_CreatesAllLinesInOneSnapshotBatchThenPostsTheJournal()
    {
        using var connector = _bc.Connector();

        var result = await connector.PostAsync(BusinessCentralFixture.Entry(), CancellationToken.None);

        Assert.True(result.Accepted, result.Reason);
        Assert.Equal("FF-CANONICAL-R-1001", result.DocumentNumber);
        Assert.Equal(new DateOnly(2025, 3, 14), result.Confirmation!.PostingDate);
        Assert.False(string.IsNullOrEmpty(result.Confirmation.InternalId));
        Assert.Equal(1, _bc.Store.Posted("FF-CANONICAL-R-1001"));
        Assert.Empty(_bc.Store.JournalLines);

        var calls = _bc.ApiCalls();
        var company = $"companies({_bc.Emulator.CompanyId})";
        Assert.Equal(
            ["GET journals", "GET generalLedgerEntries", "GET journals/journalLines", "POST $batch", "POST journals/Microsoft.NAV.post", "GET generalLedgerEntries"],
            calls.Select(c => c.Method + " " + Shape(c.PathAndQuery, company)));
        Assert.Contains("code%20eq%20%27FINFLOW%27", calls[0].PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("documentNumber%20eq%20%27FF-CANONICAL-R-1001%27", calls[1].PathAndQuery, StringComparison.Ordinal);

        var batch = calls[3];
        Assert.Equal("snapshot", batch.Headers["Isolation"]);
        using var body = JsonDocument.Parse(batch.Body);
        var requests = body.RootElement.GetProperty("requests").EnumerateArray().ToList();
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal("POST", r.GetProperty("method").GetString());
            Assert.Matches(@"^companies\([0-9a-f-]{36}\)/journals\([0-9a-f-]{36}\)/journalLines$", r.GetProperty("url").GetString());
            Assert.Equal("application/json", r.GetProperty("headers").GetProperty("Content-Type").GetString());
        });
        Assert.Equal(["1", "2", "3"], requests.Select(r => r.GetProperty("id").GetString()));
        var travel = requests[0].GetProperty("body");
        Assert.Equal("G/L Account", travel.GetProperty("accountType").GetString());
        Assert.Equal("6400", travel.GetProperty("accountNumber").GetString());
        Assert.Equal("2025-03-14", travel.GetProperty("postingDate").GetString());
        Assert.Equal("FF-CANONICAL-R-1001", travel.GetProperty("documentNumber").GetString());
        Assert.Equal("FF-CANONICAL-R-1001", travel.GetProperty("externalDocumentNumber").GetString());
        Assert.Equal(100.00m, travel.GetProperty("amount").GetDecimal());
        Assert.Equal("FF-CANONICAL-R-1001 CC:CC100 PRJ:P-7 Train", travel.GetProperty("description").GetString());
        Assert.Equal("FinanceFlow FF-CANONICAL-R-1001 (DE01)", travel.GetProperty("comment").GetString());
        Assert.Equal(-119.00m, requests[2].GetProperty("body").GetProperty("amount").GetDecimal());
        Assert.Equal("FF-CANONICAL-R-1001 Anna Schmidt", requests[2].GetProperty("body").GetProperty("description").GetString());
        Assert.Equal("FF-CANONICAL-R-1001 Trip to Hamburg", requests[1].GetProperty("body").GetProperty("description").GetString());
        Assert.Equal(string.Empty, calls[4].Body);

        var ledger = _bc.Store.LedgerEntries;
        Assert.Equal([100.00m, 19.00m, 0m], ledger.Select(e => e["debitAmount"]!.GetValue<decimal>()));
        Assert.Equal(119.00m, ledger[2]["creditAmount"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task PostAsync_UnknownAccount_RejectedWithBusinessCentralsCodeAndNoLineLeft()
    {
        using var connector = _bc.Connector();

        var result = await connector.PostAsync(BusinessCentralFixture.Entry(expenseAccount: "6401"), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Contains("(Internal_InvalidTableRelation)", result.Reason, StringComparison.Ordinal);
        Assert.Contains("contains a value (6401) that cannot be found in the related table (G/L Account)", result.Reason, StringComparison.Ordinal);
        Assert.Empty(_bc.Store.JournalLines);
        Assert.DoesNotContain(_bc.ApiCalls(), c => c.PathAndQuery.EndsWith("Microsoft.NAV.post", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostAsync_ClosedPeriod_RejectedWithTheMessageAndTheBatchLeftEmpty()
    {
        _bc.Store.AllowPostingFrom = new DateOnly(2025, 4, 1);
        using var connector = _bc.Connector();

        var result = await connector.PostAsync(BusinessCentralFixture.Entry(), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.StartsWith("Business Central refused the posting (Application_FieldValidationException): Posting Date is not within your range of allowed posting dates", result.Reason, StringComparison.Ordinal);
        Assert.Empty(_bc.Store.JournalLines);
        Assert.Equal(0, _bc.Store.Posted("FF-CANONICAL-R-1001"));
    }

    [Fact]
    public async Task PostAsync_BlockedAccount_RejectedAndARetryAfterTheFixPostsOnce()
    {
        using var connector = _bc.Connector();

        var refused = await connector.PostAsync(BusinessCentralFixture.Entry(expenseAccount: "6999"), CancellationToken.None);
        var posted = await connector.PostAsync(BusinessCentralFixture.Entry(), CancellationToken.None);

        Assert.Contains("Blocked must be equal to 'No'  in G/L Account: No.=6999", refused.Reason, StringComparison.Ordinal);
        Assert.True(posted.Accepted, posted.Reason);
        Assert.Equal(1, _bc.Store.Posted("FF-CANONICAL-R-1001"));
    }

    [Fact]
    public async Task PostAsync_OtherCurrencyOrUnbalanced_NotSent()
    {
        using var connector = _bc.Connector();
        var entry = BusinessCentralFixture.Entry();

        var usd = await connector.PostAsync(BusinessCentralFixture.Entry(currency: "USD"), CancellationToken.None);
        var unbalanced = await connector.PostAsync(entry with { Lines = [.. entry.Lines.Take(2)] }, CancellationToken.None);

        Assert.Equal("Not sent to Business Central: the entry is in USD, and this company posts in its local currency EUR (API v2.0 journal lines carry no currency).", usd.Reason);
        Assert.StartsWith("Not sent to Business Central: the entry does not balance", unbalanced.Reason, StringComparison.Ordinal);
        Assert.Empty(_bc.ApiCalls());
    }

    [Fact]
    public async Task PostAsync_AlreadyPosted_ConfirmsWithoutSendingAgain()
    {
        using var connector = _bc.Connector();
        await connector.PostAsync(BusinessCentralFixture.Entry(), CancellationToken.None);
        var before = _bc.ApiCalls().Count;

        var again = await connector.PostAsync(BusinessCentralFixture.Entry(), CancellationToken.None);

        Assert.True(again.Accepted);
        Assert.Equal("FF-CANONICAL-R-1001", again.Confirmation!.DocumentNumber);
        Assert.Equal(["GET"], _bc.ApiCalls().Skip(before).Select(c => c.Method).Distinct());
        Assert.Equal(1, _bc.Store.Posted("FF-CANONICAL-R-1001"));
    }

    [Fact]
    public async Task PostAsync_AlreadyPostedWithOtherBooks_RefusedNamingTheDifference()
    {
        using var connector = _bc.Connector();
        await connector.PostAsync(BusinessCentralFixture.Entry(), CancellationToken.None);

        var other = await connector.PostAsync(BusinessCentralFixture.Entry(expenseAccount: "6410"), CancellationToken.None);

        Assert.False(other.Accepted);
        Assert.Contains("already holds document FF-CANONICAL-R-1001", other.Reason, StringComparison.Ordinal);
        Assert.Contains("our line 6410 100.00 EUR costcenter CC100 project P-7 is not in the ledger", other.Reason, StringComparison.Ordinal);
        Assert.Equal(1, _bc.Store.Posted("FF-CANONICAL-R-1001"));
    }

    [Fact]
    public async Task FindDocumentAsync_Posted_FoundWithCostObjectsReadBackAndNoDifferences()
    {
        using var connector = _bc.Connector();
        var entry = BusinessCentralFixture.Entry();
        Assert.False((await connector.FindDocumentAsync(entry, CancellationToken.None)).Found);
        await connector.PostAsync(entry, CancellationToken.None);

        var found = await connector.FindDocumentAsync(entry, CancellationToken.None);

        Assert.Equal("FF-CANONICAL-R-1001", found.DocumentNumber);
        Assert.Equal(1, found.Copies);
        Assert.Empty(found.Differences);
        Assert.True(found.Authoritative);
        Assert.True(connector.HasAuthoritativeLookup);
    }

    [Fact]
    public async Task PostAsync_JournalBatchMissing_NotSentNamingIt()
    {
        using var connector = _bc.Connector(change: s => s["FinanceFlow:Erp:Ledgers:de01:JournalCode"] = "NOPE");

        var result = await connector.PostAsync(BusinessCentralFixture.Entry(), CancellationToken.None);

        Assert.Equal($"Not sent to Business Central: the journal batch 'NOPE' does not exist in company {_bc.Emulator.CompanyId}.", result.Reason);
    }

    private static string Shape(string pathAndQuery, string company)
    {
        var path = pathAndQuery.Split('?')[0].Replace("/api/v2.0/", string.Empty, StringComparison.Ordinal).Replace(company + "/", string.Empty, StringComparison.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(path, @"\([0-9a-f-]{36}\)", string.Empty);
    }
}
