using System.Net;
using System.Text.Json;
using FinanceFlow.Core.Intake;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>What a finance team notices when a source system delivers reports to the self-host.</summary>
public sealed class ReportFlowTests(EndToEndFixture e2e) : IClassFixture<EndToEndFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Webhook_ValidReport_PostedToLedgerWithBlobsAuditAndSignedCallback()
    {
        var reportId = "E2E-" + Guid.NewGuid().ToString("N")[..8];

        using var accepted = await e2e.DeliverAsync(EndToEndFixture.Sample("02-usd-nyc-client-visit.json", reportId));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var view = await e2e.WaitForOutcomeAsync(reportId, Timeout);

        Assert.Equal("Posted", view.GetProperty("outcome").GetString());
        Assert.Equal(1, await e2e.Hledger.CountTransactionsWithCodeAsync("FF-CANONICAL-" + reportId));
        Assert.Equal(0, (await e2e.Hledger.RunHledgerAsync("check")).ExitCode);
        var (exitCode, balanceJson, _) = await e2e.Hledger.RunHledgerAsync("bal", "-O", "json", $"code:^FF-CANONICAL-{reportId}$");
        Assert.Equal(0, exitCode);
        using (var balance = JsonDocument.Parse(balanceJson))
        {
            // The report's debits (expenses and recoverable tax) add up to its gross total.
            Assert.Equal(view.GetProperty("totalAmount").GetDecimal(), Quantities(balance.RootElement[0]).Where(q => q > 0).Sum());
        }

        Assert.True(await HasBlobsAsync("raw"), "the raw webhook body is kept");
        Assert.True(await HasBlobsAsync("attachments"), "the receipt is kept");
        var steps = view.GetProperty("audit").EnumerateArray().Select(a => a.GetProperty("step").GetString()).ToList();
        Assert.True(steps.Count >= 3, "every step leaves an audit row: " + string.Join(", ", steps));
        using (var verify = JsonDocument.Parse(await e2e.Http.GetStringAsync($"/api/v1/reports/canonical/{reportId}/audit/verify")))
        {
            // The run's activities, the parallel outcome steps included, linked their rows into one chain.
            Assert.True(verify.RootElement.GetProperty("intact").GetBoolean(), verify.RootElement.GetProperty("summary").GetString());
            Assert.True(verify.RootElement.GetProperty("chainedRows").GetInt32() >= steps.Count);
        }

        var callback = e2e.Callbacks.LogEntries.Select(l => l.RequestMessage)
            .FirstOrDefault(r => r.Body?.Contains(reportId, StringComparison.Ordinal) == true);
        Assert.NotNull(callback);
        Assert.Equal(
            WebhookVerification.Valid,
            StandardWebhook.Verify(
                e2e.Secret,
                callback!.Headers![StandardWebhook.IdHeader].Single(),
                callback.Headers[StandardWebhook.TimestampHeader].Single(),
                callback.Headers[StandardWebhook.SignatureHeader].Single(),
                callback.BodyAsBytes,
                DateTimeOffset.UtcNow,
                TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task Webhook_Redelivered_AnswersOkAndPostsOnce()
    {
        var reportId = "E2E-" + Guid.NewGuid().ToString("N")[..8];
        var body = EndToEndFixture.Sample("10-usd-redelivered-webhook.json", reportId);
        var messageId = "msg_" + Guid.NewGuid().ToString("N");

        using var first = await e2e.DeliverAsync(body, messageId);
        using var second = await e2e.DeliverAsync(body, messageId);
        var view = await e2e.WaitForOutcomeAsync(reportId, Timeout);
        using var third = await e2e.DeliverAsync(body);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal("Posted", view.GetProperty("outcome").GetString());
        Assert.Equal(1, await e2e.Hledger.CountTransactionsWithCodeAsync("FF-CANONICAL-" + reportId));
    }

    [Fact]
    public async Task Webhook_PolicyBreakingReport_RejectedWithFindingsAndNothingPosted()
    {
        var reportId = "E2E-" + Guid.NewGuid().ToString("N")[..8];

        using var accepted = await e2e.DeliverAsync(EndToEndFixture.Sample("11-rejected-self-approved.json", reportId));
        var view = await e2e.WaitForOutcomeAsync(reportId, Timeout);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("Rejected", view.GetProperty("outcome").GetString());
        Assert.NotEqual(0, view.GetProperty("findings").GetArrayLength());
        Assert.Equal(0, await e2e.Hledger.CountTransactionsWithCodeAsync("FF-CANONICAL-" + reportId));
    }

    [Fact]
    public async Task Retry_AfterLedgerOutage_PostsOnce()
    {
        var reportId = "E2E-" + Guid.NewGuid().ToString("N")[..8];
        e2e.Hledger.Stop();
        try
        {
            using var accepted = await e2e.DeliverAsync(EndToEndFixture.Sample("01-usd-team-lunch.json", reportId));
            var failed = await e2e.WaitForOutcomeAsync(reportId, Timeout);
            Assert.Equal("PostingFailed", failed.GetProperty("outcome").GetString());
        }
        finally
        {
            await e2e.Hledger.StartAsync();
        }

        using var retry = await e2e.Http.PostAsync($"/api/v1/reports/canonical/{reportId}/retry", null);
        Assert.True(retry.IsSuccessStatusCode, $"retry answered {(int)retry.StatusCode}: {await retry.Content.ReadAsStringAsync()}");
        await e2e.WaitForReportAsync(
            reportId,
            view => view.GetProperty("outcome").GetString() == "Posted",
            Timeout,
            $"report {reportId} to be posted after the retry");

        Assert.Equal(1, await e2e.Hledger.CountTransactionsWithCodeAsync("FF-CANONICAL-" + reportId));
        Assert.Equal(0, (await e2e.Hledger.RunHledgerAsync("check")).ExitCode);
    }

    private async Task<bool> HasBlobsAsync(string container)
    {
        await foreach (var _ in e2e.Blobs.GetBlobContainerClient(container).GetBlobsAsync())
        {
            return true;
        }

        return false;
    }

    private static IEnumerable<decimal> Quantities(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("aquantity", out var quantity) && quantity.TryGetProperty("floatingPoint", out var value))
            {
                yield return value.GetDecimal();
            }

            foreach (var nested in element.EnumerateObject().SelectMany(p => Quantities(p.Value)))
            {
                yield return nested;
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var nested in element.EnumerateArray().SelectMany(Quantities))
            {
                yield return nested;
            }
        }
    }
}
