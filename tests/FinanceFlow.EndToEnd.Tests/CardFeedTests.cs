using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using FinanceFlow.Testing;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>A card feed on the expense-intake queue: the batch is booked to card clearing, then the expense report naming its transactions clears it.</summary>
public sealed class CardFeedTests(EndToEndFixture e2e) : IClassFixture<EndToEndFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task CardBatchThenReport_BatchBooksCardClearingAndTheReportClearsItToZero()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var batchId = "B-" + run;
        var (t1, t2) = ("T1-" + run, "T2-" + run);
        var reportId = "C-" + run;
        var queue = e2e.Queues.GetQueueClient("expense-intake");
        await queue.CreateIfNotExistsAsync();

        // The card feed arrives first: company-card spend is in the ledger before any report.
        var batchEvent = CloudEvent("cards-" + batchId, "financeflow.card.transactions", null, CardBatchJson(batchId, t1, t2));
        await SendAsync(queue, batchEvent);
        await SendAsync(queue, batchEvent);
        var batch = await WaitForBatchAsync(batchId, b => b.GetProperty("outcome").GetString() == "Posted", "the card batch to post");
        Assert.Equal($"FF-CARDS-US01-{batchId}", batch.GetProperty("documentNumber").GetString());
        Assert.Equal(1, await e2e.Hledger.CountTransactionsWithCodeAsync($"FF-CARDS-US01-{batchId}"));
        Assert.Equal(71.94m, await BalanceAsync("assets:card-clearing", run));
        Assert.Equal(-71.94m, await BalanceAsync("liabilities:card", run));
        Assert.All(batch.GetProperty("transactions").EnumerateArray(), t =>
            Assert.Equal(("Unmatched", true), (t.GetProperty("state").GetString(), t.GetProperty("inLedger").GetBoolean())));

        // The report that uses the two card transactions clears them instead of owing the issuer a second time.
        await SendAsync(queue, CloudEvent("evt-" + reportId, "financeflow.expense.report.submitted", "canonical", CardReport(reportId, t1, t2)));
        var report = await e2e.WaitForOutcomeAsync(reportId, Timeout);
        Assert.Equal("Posted", report.GetProperty("outcome").GetString());
        Assert.Empty(report.GetProperty("findings").EnumerateArray());

        var postings = await PostingsAsync("FF-CANONICAL-" + reportId);
        Assert.Equal([-41.94m, -30.00m], postings.Where(p => p.Account == "assets:card-clearing").Select(p => p.Amount));
        Assert.DoesNotContain(postings, p => p.Account == "liabilities:card");
        Assert.Equal(0m, await BalanceAsync("assets:card-clearing", run));
        Assert.Equal(-71.94m, await BalanceAsync("liabilities:card", run));

        var matched = await WaitForBatchAsync(batchId, b => b.GetProperty("matched").GetInt32() == 2, "both card transactions to be matched");
        Assert.All(matched.GetProperty("transactions").EnumerateArray(), t =>
            Assert.Equal(("Matched", $"canonical/{reportId}"), (t.GetProperty("state").GetString(), t.GetProperty("matchedReport").GetString())));
        var batchSteps = matched.GetProperty("audit").EnumerateArray().Select(a => a.GetProperty("step").GetString()).ToList();
        Assert.Equal(1, batchSteps.Count(s => s == "RecordCardTransactions"));
        var check = await e2e.Hledger.RunHledgerAsync("check");
        Assert.True(check.ExitCode == 0, check.StdErr);
    }

    [Fact]
    public async Task ReportThenCardBatch_BatchLeavesOutWhatTheReportOwedTheIssuerAndTheLiabilityCountsOnce()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var batchId = "B-" + run;
        var (t9, t10) = ("T9-" + run, "T10-" + run);
        var (first, second) = ("C-" + run, "D-" + run);
        var queue = e2e.Queues.GetQueueClient("expense-intake");
        await queue.CreateIfNotExistsAsync();

        // The report arrives first: the feed does not know T9 yet, so the report owes the issuer for it.
        await SendAsync(queue, CloudEvent("evt-" + first, "financeflow.expense.report.submitted", "canonical", CardReport(first, t9, null)));
        var report = await e2e.WaitForOutcomeAsync(first, Timeout);
        Assert.Equal("Posted", report.GetProperty("outcome").GetString());
        Assert.Contains(report.GetProperty("findings").EnumerateArray(), f =>
            f.GetProperty("code").GetString() == "card-transaction-unknown" && f.GetProperty("severity").GetString() == "Warning");
        Assert.Contains(("liabilities:card", -41.94m), await PostingsAsync("FF-CANONICAL-" + first));
        Assert.Equal(-41.94m, await BalanceAsync("liabilities:card", run));

        // The batch with T9 and T10 books only T10: T9's spend and liability are in the ledger through the report.
        await SendAsync(queue, CloudEvent("cards-" + batchId, "financeflow.card.transactions", null, CardBatchJson(batchId, t9, t10)));
        var batch = await WaitForBatchAsync(batchId, b => b.GetProperty("outcome").GetString() == "Posted", "the card batch to post");
        var postings = await PostingsAsync($"FF-CARDS-US01-{batchId}");
        Assert.Equal([("assets:card-clearing", 30.00m), ("liabilities:card", -30.00m)], postings);
        Assert.Equal(-71.94m, await BalanceAsync("liabilities:card", run));
        Assert.Equal(30.00m, await BalanceAsync("assets:card-clearing", run));
        var booked = batch.GetProperty("transactions").EnumerateArray().Single(t => t.GetProperty("transactionId").GetString() == t9);
        Assert.Equal(("Matched", $"canonical/{first}", true, true), (booked.GetProperty("state").GetString(), booked.GetProperty("matchedReport").GetString(),
            booked.GetProperty("bookedByReport").GetBoolean(), booked.GetProperty("inLedger").GetBoolean()));
        Assert.Contains(batch.GetProperty("audit").EnumerateArray(), a => a.GetProperty("step").GetString() == "BuildCardJournal"
            && a.GetProperty("detail").GetString()!.Contains($"{t9} left out, Matched: report canonical/{first}", StringComparison.Ordinal));

        // A second report uses T10: it clears it, and card clearing is back to zero.
        await SendAsync(queue, CloudEvent("evt-" + second, "financeflow.expense.report.submitted", "canonical", TaxiReport(second, t10)));
        Assert.Equal("Posted", (await e2e.WaitForOutcomeAsync(second, Timeout)).GetProperty("outcome").GetString());
        Assert.Equal(0m, await BalanceAsync("assets:card-clearing", run));
        Assert.Equal(-71.94m, await BalanceAsync("liabilities:card", run));
        var matched = await WaitForBatchAsync(batchId, b => b.GetProperty("matched").GetInt32() == 2, "both card transactions to be matched");
        Assert.Equal(0, matched.GetProperty("unmatched").GetInt32());
        var check = await e2e.Hledger.RunHledgerAsync("check");
        Assert.True(check.ExitCode == 0, check.StdErr);
    }

    [Fact]
    public async Task CardBatchAndReportAtTheSameTime_WhoeverDecidesFirst_TheIssuerLiabilityCountsOnce()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var batchId = "B-" + run;
        var (t9, t10) = ("T9-" + run, "T10-" + run);
        var reportId = "C-" + run;
        var queue = e2e.Queues.GetQueueClient("expense-intake");
        await queue.CreateIfNotExistsAsync();

        // The report names T9 while the batch holding T9 and T10 arrives: either may reach T9's row first.
        await Task.WhenAll(
            SendAsync(queue, CloudEvent("cards-" + batchId, "financeflow.card.transactions", null, CardBatchJson(batchId, t9, t10))),
            SendAsync(queue, CloudEvent("evt-" + reportId, "financeflow.expense.report.submitted", "canonical", CardReport(reportId, t9, null))));
        var report = await e2e.WaitForOutcomeAsync(reportId, Timeout);
        var batch = await WaitForBatchAsync(batchId, b => b.GetProperty("outcome").GetString() == "Posted", "the card batch to post");

        Assert.Equal("Posted", report.GetProperty("outcome").GetString());
        Assert.Equal(-71.94m, await BalanceAsync("liabilities:card", run));
        Assert.Equal(30.00m, await BalanceAsync("assets:card-clearing", run));
        var reportOwesIssuer = (await PostingsAsync("FF-CANONICAL-" + reportId)).Contains(("liabilities:card", -41.94m));
        var booked = batch.GetProperty("transactions").EnumerateArray().Single(t => t.GetProperty("transactionId").GetString() == t9);
        Assert.Equal(reportOwesIssuer, booked.GetProperty("bookedByReport").GetBoolean());
        Assert.Equal(("Matched", $"canonical/{reportId}"), (booked.GetProperty("state").GetString(), booked.GetProperty("matchedReport").GetString()));
        var audit = report.GetProperty("audit").EnumerateArray().Concat(batch.GetProperty("audit").EnumerateArray()).ToList();
        Assert.DoesNotContain(audit, a => a.GetProperty("outcome").GetString() == "Conflict");
        var check = await e2e.Hledger.RunHledgerAsync("check");
        Assert.True(check.ExitCode == 0, check.StdErr);
    }

    private static string CardBatchJson(string batchId, string t1, string t2) => $$"""
        {
          "batchId": "{{batchId}}", "legalEntity": "US01", "cardProgram": "AMEX Corporate", "statementDate": "2026-11-05", "currency": "USD",
          "transactions": [
            { "transactionId": "{{t1}}", "employeeId": "E100", "postedDate": "2026-11-02", "merchant": "Blue Bottle Café", "amount": 41.94 },
            { "transactionId": "{{t2}}", "employeeId": "E100", "postedDate": "2026-11-03", "merchant": "Yellow Cab", "amount": 30.00 }
          ]
        }
        """;

    /// <summary>The team lunch sample with its line paid by company card <paramref name="t1"/>, and a taxi on <paramref name="t2"/> when given.</summary>
    private static string CardReport(string reportId, string t1, string? t2)
    {
        var report = JsonNode.Parse(EndToEndFixture.Sample("01-usd-team-lunch.json", reportId))!;
        var lunch = report["lines"]![0]!;
        lunch["paymentType"] = "companyCard";
        lunch["cardTransactionId"] = t1;
        if (t2 is not null)
        {
            report["lines"]!.AsArray().Add(Taxi(t2));
            report["totalAmount"] = 71.94m;
        }

        return report.ToJsonString();
    }

    /// <summary>The team lunch sample with only a company-card taxi on <paramref name="transactionId"/>.</summary>
    private static string TaxiReport(string reportId, string transactionId)
    {
        var report = JsonNode.Parse(EndToEndFixture.Sample("01-usd-team-lunch.json", reportId))!;
        report["lines"] = new JsonArray(Taxi(transactionId));
        report["totalAmount"] = 30.00m;
        return report.ToJsonString();
    }

    private static JsonObject Taxi(string transactionId) => new()
    {
        ["lineId"] = "2",
        ["expenseType"] = "Taxi",
        ["transactionDate"] = "2026-11-03",
        ["merchant"] = "Yellow Cab",
        ["paymentType"] = "companyCard",
        ["cardTransactionId"] = transactionId,
        ["grossAmount"] = 30.00m,
    };

    private static string CloudEvent(string id, string type, string? source, string data)
    {
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = id,
            ["source"] = "/feeds/amex",
            ["type"] = type,
            ["datacontenttype"] = "application/json",
            ["data"] = JsonNode.Parse(data),
        };
        if (source is not null)
        {
            cloudEvent["financeflowsource"] = source;
        }

        return cloudEvent.ToJsonString();
    }

    private static Task SendAsync(QueueClient queue, string json) =>
        queue.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(json)));

    private async Task<JsonElement> WaitForBatchAsync(string batchId, Func<JsonElement, bool> condition, string what)
    {
        JsonElement view = default;
        await WaitFor.ConditionAsync(
            async () =>
            {
                using var response = await e2e.Http.GetAsync($"/api/v1/cards/US01/{batchId}");
                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }

                view = (await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync())).RootElement.Clone();
                return condition(view);
            },
            Timeout,
            what);
        return view;
    }

    /// <summary>The account's balance in USD over one test run's entries (their codes carry the run id), as the hledger CLI reads the journal file.</summary>
    private async Task<decimal> BalanceAsync(string account, string run)
    {
        var (exitCode, stdout, stderr) = await e2e.Hledger.RunHledgerAsync("bal", $"^{account}$", $"code:{run}", "-O", "json");
        Assert.True(exitCode == 0, stderr);
        using var balance = JsonDocument.Parse(stdout);
        return balance.RootElement[1].EnumerateArray().Where(a => a.GetProperty("acommodity").GetString() == "USD").Sum(Quantity);
    }

    private async Task<List<(string Account, decimal Amount)>> PostingsAsync(string code)
    {
        var (exitCode, stdout, stderr) = await e2e.Hledger.RunHledgerAsync("print", "-O", "json", $"code:^{code}$");
        Assert.True(exitCode == 0, stderr);
        using var transactions = JsonDocument.Parse(stdout);
        return [.. transactions.RootElement.EnumerateArray().Single().GetProperty("tpostings").EnumerateArray()
            .Select(p => (p.GetProperty("paccount").GetString()!, p.GetProperty("pamount").EnumerateArray().Sum(Quantity)))];
    }

    private static decimal Quantity(JsonElement amount)
    {
        var quantity = amount.GetProperty("aquantity");
        return quantity.GetProperty("decimalMantissa").GetDecimal() / (decimal)Math.Pow(10, quantity.GetProperty("decimalPlaces").GetInt32());
    }
}
