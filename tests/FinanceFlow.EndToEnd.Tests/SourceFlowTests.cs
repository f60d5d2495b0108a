using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FinanceFlow.Emulators.Concur;
using FinanceFlow.Testing;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>Real source documents, from the emulated Concur and Expensify, through the self-host to hledger-web.</summary>
public sealed class SourceFlowTests(SourceFlowFixture e2e) : IClassFixture<SourceFlowFixture>
{
    // Two cores run Azurite, hledger-web, the self-host and the test run: generous.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task ConcurEvent_ReadyForIntegration_PostsDocumentJournalOnceAndConfirmsToConcur()
    {
        var concur = e2e.Concur;
        var code = SourceFlowFixture.Code("concur", concur.ReportId);

        using var accepted = await e2e.DeliverConcurAsync(concur.ReadyEvent());
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await e2e.WaitForPostedAsync("concur", concur.ReportId, Timeout);
        await WaitFor.ConditionAsync(
            () => Task.FromResult(concur.Received(ConcurFisEmulator.PostingConfirmationsPath).Count > 0), Timeout, "the posting confirmation at the FIS emulator");

        var transaction = Assert.Single(await TransactionsAsync(code));
        Assert.Equal(ExpectedAmounts(concur.Document), LedgerAmounts(transaction));
        Assert.Equal(0, (await e2e.Hledger.RunHledgerAsync("check")).ExitCode);

        var acknowledgement = Assert.Single(concur.Received(ConcurFisEmulator.AcknowledgementsPath));
        var confirmation = Assert.Single(concur.Received(ConcurFisEmulator.PostingConfirmationsPath));
        Assert.True(acknowledgement.RequestMessage.DateTime <= confirmation.RequestMessage.DateTime, "acknowledged before the posting is confirmed");
        Assert.Contains(concur.DocumentId, acknowledgement.RequestMessage.Body, StringComparison.Ordinal);
        var confirmed = JsonNode.Parse(confirmation.RequestMessage.Body!)!["postingConfirmations"]![0]!;
        Assert.Equal(concur.DocumentId, confirmed["docId"]!.GetValue<string>());
        Assert.Equal("success", confirmed["overallPostingStatusCode"]!.GetValue<string>());
        Assert.Equal(code, confirmed["postingDocs"]![0]!["documentNumber"]!.GetValue<string>());

        using var redelivered = await e2e.DeliverConcurAsync(concur.ReadyEvent());
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Single(await TransactionsAsync(code));
        Assert.Single(concur.Received(ConcurFisEmulator.PostingConfirmationsPath));
    }

    [Fact]
    public async Task ExpensifySchedule_ApprovedReports_PostedOnceAndMarkedExportedOnlyAfterPosting()
    {
        string[] reportIds = ["R006AseGxMka", "R00bCluvcO4T"];
        var expensify = e2e.Expensify;

        foreach (var reportId in reportIds)
        {
            await e2e.WaitForPostedAsync("expensify", reportId, Timeout);
            await WaitFor.ConditionAsync(
                () => Task.FromResult(expensify.Marks.Any(m => m.ReportId == reportId)), Timeout, $"the markAsExported job for {reportId}");
        }

        // Pulls keep coming (the emulator ignores the label filter, as a lost label would): two more are a full pull after posting.
        var exports = expensify.Exports;
        await WaitFor.ConditionAsync(() => Task.FromResult(expensify.Exports >= exports + 2), Timeout, "two more scheduled pulls");

        Assert.All(expensify.Marks, mark => Assert.True(mark.PostedOnArrival, $"{mark.ReportId} was marked exported before it was in the ledger"));
        foreach (var reportId in reportIds)
        {
            Assert.Single(await TransactionsAsync(SourceFlowFixture.Code("expensify", reportId)));
        }

        Assert.Equal(0, (await e2e.Hledger.RunHledgerAsync("check")).ExitCode);

        // Their receipts came from the receipt host the source allows, and are kept under the report version that fetched them.
        var receipts = new Azure.Storage.Blobs.BlobServiceClient(e2e.Azurite.ConnectionString).GetBlobContainerClient("attachments");
        foreach (var reportId in reportIds)
        {
            var names = new List<string>();
            await foreach (var blob in receipts.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"expensify/{reportId}/v", CancellationToken.None))
            {
                names.Add(blob.Name);
            }

            Assert.NotEmpty(names);
        }
    }

    private async Task<List<JsonElement>> TransactionsAsync(string code)
    {
        var (exitCode, stdout, stderr) = await e2e.Hledger.RunHledgerAsync("print", "-O", "json", $"code:^{code}$");
        Assert.True(exitCode == 0, stderr);
        using var document = JsonDocument.Parse(stdout);
        return [.. document.RootElement.EnumerateArray().Select(t => t.Clone())];
    }

    /// <summary>Signed posting amounts of a transaction, sorted: debits positive, credits negative.</summary>
    private static List<(decimal Amount, string Currency)> LedgerAmounts(JsonElement transaction) =>
        [.. transaction.GetProperty("tpostings").EnumerateArray()
            .Select(p => p.GetProperty("pamount")[0])
            .Select(a => (a.GetProperty("aquantity").GetProperty("floatingPoint").GetDecimal(), a.GetProperty("acommodity").GetString()!))
            .Order()];

    /// <summary>
    /// What the document's own journal data implies: each journal's amount net of reclaim and each reclaimable tax amount
    /// debited, each journal's gross amount credited to the payee, in the employee's currency.
    /// </summary>
    private static List<(decimal Amount, string Currency)> ExpectedAmounts(JsonObject document)
    {
        var currency = document["document"]!["report"]!["employeeCurrencyAlphaCode"]!.GetValue<string>();
        var allocations = document["document"]!["expenseEntry"]!.AsArray().SelectMany(e => e!["allocation"]!.AsArray()).ToList();
        var journals = allocations.SelectMany(a => a!["journal"]!.AsArray()).ToList();
        var taxes = allocations.SelectMany(a => a!["tax"]?.AsArray() ?? []).ToList();
        return [.. journals.Select(j => j!["amountNetOfReclaim"]!.GetValue<decimal>())
            .Concat(taxes.Select(t => t!["amountReclaim"]!.GetValue<decimal>()))
            .Concat(journals.Select(j => -j!["amountGross"]!.GetValue<decimal>()))
            .Select(amount => (amount, currency))
            .Order()];
    }
}
