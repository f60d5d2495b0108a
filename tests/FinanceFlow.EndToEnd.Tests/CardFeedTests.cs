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
        Assert.Equal(71.94m, await BalanceAsync("assets:card-clearing"));
        Assert.Equal(-71.94m, await BalanceAsync("liabilities:card"));
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
        Assert.Equal(0m, await BalanceAsync("assets:card-clearing"));
        Assert.Equal(-71.94m, await BalanceAsync("liabilities:card"));

        var matched = await WaitForBatchAsync(batchId, b => b.GetProperty("matched").GetInt32() == 2, "both card transactions to be matched");
        Assert.All(matched.GetProperty("transactions").EnumerateArray(), t =>
            Assert.Equal(("Matched", $"canonical/{reportId}"), (t.GetProperty("state").GetString(), t.GetProperty("matchedReport").GetString())));
        var batchSteps = matched.GetProperty("audit").EnumerateArray().Select(a => a.GetProperty("step").GetString()).ToList();
        Assert.Equal(1, batchSteps.Count(s => s == "RecordCardTransactions"));
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

    private static string CardReport(string reportId, string t1, string t2)
    {
        var report = JsonNode.Parse(EndToEndFixture.Sample("01-usd-team-lunch.json", reportId))!;
        var lunch = report["lines"]![0]!;
        lunch["paymentType"] = "companyCard";
        lunch["cardTransactionId"] = t1;
        var taxi = new JsonObject
        {
            ["lineId"] = "2", ["expenseType"] = "Taxi", ["transactionDate"] = "2026-11-03", ["merchant"] = "Yellow Cab",
            ["paymentType"] = "companyCard", ["cardTransactionId"] = t2, ["grossAmount"] = 30.00m,
        };
        report["lines"]!.AsArray().Add(taxi);
        report["totalAmount"] = 71.94m;
        return report.ToJsonString();
    }

    private static string CloudEvent(string id, string type, string? source, string data)
    {
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0", ["id"] = id, ["source"] = "/feeds/amex", ["type"] = type, ["datacontenttype"] = "application/json", ["data"] = JsonNode.Parse(data),
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

    /// <summary>The account's balance in USD as the hledger CLI reads the journal file.</summary>
    private async Task<decimal> BalanceAsync(string account)
    {
        var (exitCode, stdout, stderr) = await e2e.Hledger.RunHledgerAsync("bal", $"^{account}$", "-O", "json");
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
