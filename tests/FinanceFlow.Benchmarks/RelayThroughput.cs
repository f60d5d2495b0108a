using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues;
using FinanceFlow.Testing;
using FinanceFlow.Workflows;
using FinanceFlow.Workflows.Intake.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FinanceFlow.Benchmarks;

/// <summary>
/// Load harness for the Functions host's Service Bus relay (not BenchmarkDotNet: it is I/O against Azurite). Starts its own Azurite,
/// composes the relay as the Functions host does, and pushes N model-factory Service Bus messages (distinct valid canonical reports)
/// through <see cref="ServiceBusIntakeProcessor.ProcessMessageAsync"/> with the given number in flight, as the processor's
/// MaxConcurrentCalls would. Prints messages per second to claim checks on the storage queue, and per-message latency.
/// The broker's receive and settle are not included (no Service Bus here).
/// </summary>
internal static class RelayThroughput
{
    public static async Task RunAsync(int count, int concurrency)
    {
        await using var azurite = new AzuriteProcess();
        await azurite.InitializeAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["FinanceFlow:Sources:canonical:WebhookSecret"] = "whsec_" + Convert.ToBase64String(new byte[32]),
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddFinanceFlowWorkflows(configuration);
        services.AddFinanceFlowServiceBusRelay();
        await using var provider = services.BuildServiceProvider();
        var processor = provider.GetServices<IHostedService>().OfType<ServiceBusIntakeProcessor>().Single();

        var sample = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "samples", "01-usd-team-lunch.json")))!;
        var messages = Enumerable.Range(0, count + 20).Select(i => Message(sample, i)).ToList();

        // Warm-up: containers, tables and the queue created, JIT done.
        foreach (var warm in messages.Take(20))
        {
            await processor.ProcessMessageAsync(new SettledArgs(warm));
        }

        var latencies = new double[count];
        var outcomes = new SettledArgs[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var args = new SettledArgs(messages[20 + i]);
                var started = Stopwatch.GetTimestamp();
                await processor.ProcessMessageAsync(args);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                outcomes[i] = args;
            }
        }));
        clock.Stop();

        var queue = new QueueServiceClient(azurite.ConnectionString).GetQueueClient("expense-intake");
        var queued = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        Array.Sort(latencies);
        var completed = outcomes.Count(o => o.Settlement == "complete");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"relay-throughput: {count} messages, {concurrency} in flight: {clock.Elapsed.TotalSeconds:F2} s = {count / clock.Elapsed.TotalSeconds:F1} messages/s; "
            + $"completed {completed}, other {count - completed}; claim checks on the queue {queued} (incl. {20} warm-up); "
            + $"per message p50 {Percentile(latencies, 0.50):F1} ms, p95 {Percentile(latencies, 0.95):F1} ms, max {latencies[^1]:F1} ms"));
    }

    private static ServiceBusReceivedMessage Message(JsonNode sample, int i)
    {
        var report = sample.DeepClone();
        var id = string.Create(CultureInfo.InvariantCulture, $"RELAY-{i:D6}-{Guid.NewGuid():N}")[..24];
        report["reportId"] = id;
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = "evt-" + id,
            ["source"] = "/platforms/relay-benchmark",
            ["type"] = "financeflow.expense.report.submitted",
            ["datacontenttype"] = "application/json",
            ["financeflowsource"] = "canonical",
            ["data"] = report,
        };
        return ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString(cloudEvent.ToJsonString()), messageId: "sb-" + id, deliveryCount: 1, enqueuedTime: DateTimeOffset.UtcNow);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>Records how the processor settled the message, as the broker would receive it.</summary>
    private sealed class SettledArgs(ServiceBusReceivedMessage message) : ProcessMessageEventArgs(message, null, CancellationToken.None)
    {
        public string Settlement { get; private set; } = "none";

        public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
        {
            Settlement = "complete";
            return Task.CompletedTask;
        }

        public override Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default)
        {
            Settlement = "abandon";
            return Task.CompletedTask;
        }

        public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, string deadLetterReason, string? deadLetterErrorDescription = null, CancellationToken cancellationToken = default)
        {
            Settlement = "dead-letter: " + deadLetterReason;
            return Task.CompletedTask;
        }
    }
}
