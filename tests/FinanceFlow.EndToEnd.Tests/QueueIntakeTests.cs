using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using FinanceFlow.Testing;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>Expense platforms that send CloudEvents to the expense-intake queue instead of calling the webhook.</summary>
public sealed class QueueIntakeTests(EndToEndFixture e2e) : IClassFixture<EndToEndFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task StorageQueue_TwoReportsADuplicateAndAMalformedMessage_PostsEachOnceAndPoisonsTheMalformedWithItsReason()
    {
        var lunch = "Q-" + Guid.NewGuid().ToString("N")[..8];
        var visit = "Q-" + Guid.NewGuid().ToString("N")[..8];
        var queue = e2e.Queues.GetQueueClient("expense-intake");
        await queue.CreateIfNotExistsAsync();
        var lunchEvent = CloudEvent("evt-" + lunch, EndToEndFixture.Sample("01-usd-team-lunch.json", lunch));

        await SendAsync(queue, lunchEvent);
        await SendAsync(queue, CloudEvent("evt-" + visit, EndToEndFixture.Sample("02-usd-nyc-client-visit.json", visit)));
        await SendAsync(queue, lunchEvent);
        await SendAsync(queue, "{\"specversion\": \"1.0\", \"id\": \"evt-" + lunch + "-broken\", \"type\": ");

        var lunchView = await e2e.WaitForOutcomeAsync(lunch, Timeout);
        var visitView = await e2e.WaitForOutcomeAsync(visit, Timeout);
        Assert.Equal(("Posted", "Posted"), (lunchView.GetProperty("outcome").GetString(), visitView.GetProperty("outcome").GetString()));
        Assert.Equal(1, await e2e.Hledger.CountTransactionsWithCodeAsync("FF-CANONICAL-" + lunch));
        Assert.Equal(1, await e2e.Hledger.CountTransactionsWithCodeAsync("FF-CANONICAL-" + visit));

        var poisoned = await PoisonedAsync("evt-" + lunch + "-broken");
        Assert.Equal("malformed-json", poisoned.GetProperty("reason").GetString());
        Assert.Contains("is not valid JSON", poisoned.GetProperty("description").GetString(), StringComparison.Ordinal);
        await WaitFor.ConditionAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, Timeout, "the intake queue to be empty");
        // Both deliveries were admitted (two intake rows) but the run behind the deterministic instance id ran each step once.
        var steps = lunchView.GetProperty("audit").EnumerateArray().Select(a => a.GetProperty("step").GetString()).ToList();
        Assert.Equal(2, steps.Count(s => s == "ReceiveWebhook"));
        Assert.True(steps.Count(s => s == "NormalizeReport") == 1, "each step once: " + string.Join(", ", steps));
    }

    private static string CloudEvent(string id, byte[] report) => new JsonObject
    {
        ["specversion"] = "1.0",
        ["id"] = id,
        ["source"] = "/platforms/acme-expenses",
        ["type"] = "financeflow.expense.report.submitted",
        ["datacontenttype"] = "application/json",
        ["financeflowsource"] = "canonical",
        ["data"] = JsonNode.Parse(report),
    }.ToJsonString();

    private static Task SendAsync(QueueClient queue, string json) =>
        queue.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(json)));

    /// <summary>Waits for the poison-queue message whose original text holds <paramref name="marker"/>; returns its wrapper.</summary>
    private async Task<JsonElement> PoisonedAsync(string marker)
    {
        var poison = e2e.Queues.GetQueueClient("expense-intake-poison");
        JsonElement found = default;
        await WaitFor.ConditionAsync(
            async () =>
            {
                if (!(await poison.ExistsAsync()).Value)
                {
                    return false;
                }

                foreach (var message in (await poison.PeekMessagesAsync(32)).Value)
                {
                    using var wrapper = JsonDocument.Parse(Convert.FromBase64String(message.MessageText));
                    var original = Encoding.UTF8.GetString(Convert.FromBase64String(wrapper.RootElement.GetProperty("message").GetString()!));
                    if (original.Contains(marker, StringComparison.Ordinal))
                    {
                        found = wrapper.RootElement.Clone();
                        return true;
                    }
                }

                return false;
            },
            Timeout,
            $"a poison message for {marker}");
        return found;
    }
}
