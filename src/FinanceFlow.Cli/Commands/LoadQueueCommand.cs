using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using FinanceFlow.Cli.Http;
using FinanceFlow.Cli.Load;
using FinanceFlow.Core.Messaging;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Cli.Commands;

/// <summary><c>load-queue</c>: enqueues N CloudEvents on the intake Storage Queue and measures how fast they become orchestrations.</summary>
public static class LoadQueueCommand
{
    private static readonly JsonSerializerOptions JsonOutput = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly TimeSpan PollRound = TimeSpan.FromMilliseconds(500);
    private const int PollParallelism = 8;

    public static async Task<int> RunAsync(LoadQueueSettings settings, CancellationToken cancellationToken)
    {
        var queue = new QueueClient(settings.StorageConnection, settings.QueueName);
        if (!LoadSettings.IsLoopback(queue.Uri))
        {
            throw new UsageException($"load-queue only targets this machine; the queue {queue.Uri} (from {LoadQueueSettings.StorageVariable}) is not on loopback.");
        }

        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var runId = Guid.NewGuid().ToString("N")[..8];
        var generator = new ReportGenerator(runId, seed: runId.GetHashCode(StringComparison.Ordinal));
        var now = DateTimeOffset.UtcNow;
        var texts = Enumerable.Range(0, settings.Count).Select(i => Encode(runId, i, generator.Generate(i, now))).ToArray();
        var reports = Enumerable.Range(0, settings.Count).Select(i => new ReportKey(SourceNames.Canonical, generator.ReportId(i))).ToArray();
        Progress(settings, $"load-queue {runId}: {settings.Count} CloudEvents to {queue.Uri}, watching {settings.BaseUrl}");

        var clock = Stopwatch.StartNew();
        var sentAt = new double[settings.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, settings.Count),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                await queue.SendMessageAsync(texts[i], token);
                sentAt[i] = clock.Elapsed.TotalSeconds;
            });
        var enqueueSeconds = clock.Elapsed.TotalSeconds;
        Progress(settings, $"enqueued {settings.Count} in {enqueueSeconds:0.00} s; waiting for the orchestrations…");

        var client = new FinanceFlowClient(settings.BaseUrl, SourceNames.Canonical, string.Empty, settings.Access);
        var startedAt = await PollStartsAsync(client, settings, reports, clock, cancellationToken);
        var started = startedAt.Where(t => t is not null).Select(t => t!.Value).ToList();
        var lastStart = started.Count == 0 ? (double?)null : started.Max();
        var latencies = startedAt.Select((t, i) => t is { } at ? at - sentAt[i] : (double?)null).OfType<double>().ToList();
        var summary = new QueueLoadSummary(
            runId,
            settings.Count,
            started.Count,
            Math.Round(enqueueSeconds, 3),
            Math.Round(settings.Count / enqueueSeconds, 1),
            lastStart is { } last ? Math.Round(last, 3) : null,
            lastStart is { } l && l > 0 ? Math.Round(started.Count / l, 1) : null,
            Round(Percentiles.Of(latencies, 50)),
            Round(Percentiles.Of(latencies, 95)),
            Round(Percentiles.Of(latencies, 100)));
        Console.Write(settings.Json ? JsonSerializer.Serialize(summary, JsonOutput) + Environment.NewLine : summary.ToText());
        return started.Count == settings.Count ? 0 : 1;
    }

    private static string Encode(string runId, int index, byte[] report)
    {
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = string.Create(CultureInfo.InvariantCulture, $"load-{runId}-{index:D6}"),
            ["source"] = "/financeflow/cli/load-queue",
            ["type"] = IntakeEventTypes.ReportSubmitted,
            ["datacontenttype"] = "application/json",
            [IntakeEventTypes.SourceExtension] = SourceNames.Canonical,
            ["data"] = JsonNode.Parse(report),
        };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(cloudEvent.ToJsonString()));
    }

    /// <summary>
    /// Polls each report until the intake admitted it and its run exists (the report view names a runtime status); the time is
    /// that of the poll that saw it first.
    /// </summary>
    private static async Task<double?[]> PollStartsAsync(FinanceFlowClient client, LoadQueueSettings settings, ReportKey[] reports, Stopwatch clock, CancellationToken cancellationToken)
    {
        var startedAt = new double?[reports.Length];
        var deadline = clock.Elapsed + settings.Timeout;
        var pending = Enumerable.Range(0, reports.Length).ToList();
        while (pending.Count > 0 && clock.Elapsed < deadline)
        {
            var round = Stopwatch.StartNew();
            var work = new ConcurrentQueue<int>(pending);
            await Task.WhenAll(Enumerable.Range(0, PollParallelism).Select(async _ =>
            {
                while (work.TryDequeue(out var i))
                {
                    var report = await client.GetReportAsync(client.ReportUri(reports[i].ReportId), reports[i].InstanceId(1), cancellationToken);
                    if (report is { RuntimeStatus: not null })
                    {
                        startedAt[i] = clock.Elapsed.TotalSeconds;
                    }
                }
            }));
            pending = pending.Where(i => startedAt[i] is null).ToList();
            Progress(settings, $"  started {reports.Length - pending.Count}/{reports.Length}");
            var rest = PollRound - round.Elapsed;
            if (pending.Count > 0 && rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, cancellationToken);
            }
        }

        return startedAt;
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;

    private static void Progress(LoadQueueSettings settings, string line)
    {
        if (!settings.Json)
        {
            Console.Error.WriteLine(line);
        }
    }
}

/// <summary>What <c>load-queue</c> measured; times in seconds from the first enqueue.</summary>
public sealed record QueueLoadSummary(
    string RunId,
    int Messages,
    int Started,
    double EnqueueSeconds,
    double EnqueuedPerSecond,
    double? LastStartSeconds,
    double? StartedPerSecond,
    double? QueueToStartP50,
    double? QueueToStartP95,
    double? QueueToStartMax)
{
    public string ToText() => string.Create(CultureInfo.InvariantCulture, $"""
        run {RunId}: {Started}/{Messages} messages became orchestrations
          enqueue:          {EnqueueSeconds:0.00} s ({EnqueuedPerSecond:0.0} msg/s)
          all started by:   {LastStartSeconds:0.00} s after the first enqueue
          throughput:       {StartedPerSecond:0.0} messages/s to started orchestrations
          enqueue→started:  p50 {QueueToStartP50:0.00} s, p95 {QueueToStartP95:0.00} s, max {QueueToStartMax:0.00} s

        """);
}
