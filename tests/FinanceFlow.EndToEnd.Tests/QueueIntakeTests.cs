using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues;
using FinanceFlow.Testing;
using FinanceFlow.Workflows;
using FinanceFlow.Workflows.Intake.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

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
        // Both deliveries were admitted (two intake rows) but the run behind the deterministic instance id ran each step once. The
        // duplicate may be admitted after the run posted, so the story is read until its second intake row is there.
        var story = await e2e.WaitForReportAsync(lunch, v => Steps(v).Count(s => s == "ReceiveWebhook") == 2, Timeout, "the duplicate's intake row");
        var steps = Steps(story);
        Assert.True(steps.Count(s => s == "NormalizeReport") == 1, "each step once: " + string.Join(", ", steps));
    }

    private static List<string?> Steps(JsonElement view) =>
        view.GetProperty("audit").EnumerateArray().Select(a => a.GetProperty("step").GetString()).ToList();

    [Fact]
    public async Task ServiceBusRelay_AsTheFunctionsHostRunsIt_PostsOnceUnderTheMessageIdAndDeadLettersTheInvalidOnServiceBus()
    {
        // The Functions host's processor (services composed as that host composes them) on Service Bus messages a broker would
        // deliver; its claim checks go to the Azurite queue expense-intake, where the self-host's listener runs the same handler
        // as the Functions [QueueTrigger].
        var dinner = "SB-" + Guid.NewGuid().ToString("N")[..8];
        await using var relayHost = FunctionsRelayHost();
        var processor = relayHost.GetServices<IHostedService>().OfType<ServiceBusIntakeProcessor>().Single();
        var body = BinaryData.FromString(CloudEvent("evt-" + dinner, EndToEndFixture.Sample("01-usd-team-lunch.json", dinner)));
        // A redelivery is the same broker message: same body, MessageId and enqueue time, a higher delivery count.
        var enqueued = DateTimeOffset.UtcNow;
        var first = Delivery(body, "sb-" + dinner, 1, enqueued);
        var redelivered = Delivery(body, "sb-" + dinner, 2, enqueued);
        var unknownSource = Delivery(BinaryData.FromString(CloudEvent("evt-" + dinner + "-x", EndToEndFixture.Sample("01-usd-team-lunch.json", dinner + "X")).Replace("\"canonical\"", "\"sap-ariba\"", StringComparison.Ordinal)), "sb-" + dinner + "-x", 1);

        await processor.ProcessMessageAsync(first.Object);
        await processor.ProcessMessageAsync(redelivered.Object);
        await processor.ProcessMessageAsync(unknownSource.Object);

        first.Verify(a => a.CompleteMessageAsync(first.Object.Message, It.IsAny<CancellationToken>()), Times.Once);
        redelivered.Verify(a => a.CompleteMessageAsync(redelivered.Object.Message, It.IsAny<CancellationToken>()), Times.Once);
        unknownSource.Verify(a => a.DeadLetterMessageAsync(unknownSource.Object.Message, "unknown-source", It.Is<string>(d => d.StartsWith("/financeflowsource: 'sap-ariba'", StringComparison.Ordinal)), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal("Posted", (await e2e.WaitForOutcomeAsync(dinner, Timeout)).GetProperty("outcome").GetString());
        // Both claim checks are handled once the queue is empty (the second may come after the run has posted).
        var queue = e2e.Queues.GetQueueClient("expense-intake");
        await WaitFor.ConditionAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, Timeout, "the intake queue to be empty");
        var view = await e2e.ReportAsync(dinner);
        Assert.Equal(1, await e2e.Hledger.CountTransactionsWithCodeAsync("FF-CANONICAL-" + dinner));
        var intake = view.GetProperty("audit").EnumerateArray().Where(a => a.GetProperty("step").GetString() == "ReceiveWebhook").ToList();
        // Two relays, then two admissions of the same run: "Redelivered" when the second found the instance, "Accepted" twice when the
        // listener handled both claim checks at once (the Azure Storage backend's start dedupe is check-then-write); one run either way.
        Assert.Equal(2, intake.Count(a => a.GetProperty("outcome").GetString() == "Relayed"));
        Assert.Equal(2, intake.Count(a => a.GetProperty("outcome").GetString() is "Accepted" or "Redelivered"));
        Assert.All(intake, a => Assert.Contains("sb-" + dinner, a.GetProperty("detail").GetString(), StringComparison.Ordinal));
        Assert.Equal(1, view.GetProperty("audit").EnumerateArray().Count(a => a.GetProperty("step").GetString() == "NormalizeReport"));
    }

    private ServiceProvider FunctionsRelayHost()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = e2e.Azurite.ConnectionString,
                ["FinanceFlow:Sources:canonical:WebhookSecret"] = e2e.Secret,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFinanceFlowWorkflows(configuration);
        services.AddFinanceFlowServiceBusRelay();
        return services.BuildServiceProvider();
    }

    private static Mock<ProcessMessageEventArgs> Delivery(BinaryData body, string messageId, int deliveryCount, DateTimeOffset? enqueued = null) => new(
        ServiceBusModelFactory.ServiceBusReceivedMessage(body: body, messageId: messageId, deliveryCount: deliveryCount, enqueuedTime: enqueued ?? DateTimeOffset.UtcNow),
        Mock.Of<ServiceBusReceiver>(),
        CancellationToken.None);

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
