using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FinanceFlow.Cli.Http;
using FinanceFlow.Cli.Load;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Cli.Commands;

/// <summary><c>load</c>: open-loop delivery of generated reports, then wait for every run and summarize.</summary>
public static class LoadCommand
{
    private static readonly JsonSerializerOptions JsonOutput = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    // Status polls load the same storage as the runs they watch: poll gently, time precisely afterwards.
    private static readonly TimeSpan PollRound = TimeSpan.FromSeconds(3);

    private const int PollParallelism = 8;

    public static async Task<int> RunAsync(LoadSettings settings, CancellationToken cancellationToken)
    {
        var client = new FinanceFlowClient(settings.Common.BaseUrl, settings.Common.Source, settings.Common.Secret, settings.Access);
        var runId = Guid.NewGuid().ToString("N")[..8];
        var generator = new ReportGenerator(runId, seed: runId.GetHashCode(StringComparison.Ordinal));
        var deadline = DateTimeOffset.UtcNow + settings.Timeout;
        var generatedAt = DateTimeOffset.UtcNow;
        var bodies = Enumerable.Range(0, settings.Count).Select(i => generator.Generate(i, generatedAt)).ToArray();
        var reportIds = Enumerable.Range(0, settings.Count).Select(generator.ReportId).ToArray();
        Progress(settings, $"load {runId}: {settings.Count} reports to {client.IntakeUri} at {settings.Rate} per s, concurrency {settings.Concurrency}");

        var sends = await SendAllAsync(client, bodies, reportIds, settings, deadline, cancellationToken);
        Progress(settings, $"sent {sends.Count(s => s.Answer is not null)}; waiting for the orchestrations…");
        await PollAllAsync(client, sends, settings, deadline, cancellationToken);

        var summary = Summarize(settings, sends);
        Console.Write(settings.Json ? JsonSerializer.Serialize(summary, JsonOutput) + Environment.NewLine : summary.ToText());
        return summary.Success ? 0 : 1;
    }

    private static async Task<Send[]> SendAllAsync(
        FinanceFlowClient client, byte[][] bodies, string[] reportIds, LoadSettings settings, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var sends = bodies.Select(_ => new Send()).ToArray();
        using var slots = new SemaphoreSlim(settings.Concurrency);
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(bodies.Length);
        for (var i = 0; i < bodies.Length && DateTimeOffset.UtcNow < deadline; i++)
        {
            // Open loop: each send has its own slot on the schedule; a slow answer does not push the next one back
            // unless every concurrency slot is taken.
            var due = TimeSpan.FromSeconds(i / settings.Rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            await slots.WaitAsync(cancellationToken);
            var send = sends[i];
            var body = bodies[i];
            var reportId = reportIds[i];
            send.SentAt = DateTimeOffset.UtcNow;
            inFlight.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        send.Answer = await client.DeliverAsync(body, reportId, "msg_" + Guid.NewGuid().ToString("N"), cancellationToken);
                    }
                    finally
                    {
                        slots.Release();
                    }
                },
                cancellationToken));
            if ((i + 1) % 100 == 0)
            {
                Progress(settings, $"  sending: {i + 1}/{bodies.Length}");
            }
        }

        await Task.WhenAll(inFlight);
        return sends;
    }

    private static async Task PollAllAsync(FinanceFlowClient client, Send[] sends, LoadSettings settings, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var pending = sends.Where(s => s.Answer is { Accepted: true }).ToList();
        while (pending.Count > 0 && DateTimeOffset.UtcNow < deadline)
        {
            var round = Stopwatch.StartNew();
            var queue = new ConcurrentQueue<Send>(pending);
            var workers = Enumerable.Range(0, PollParallelism).Select(async _ =>
            {
                while (queue.TryDequeue(out var send) && DateTimeOffset.UtcNow < deadline)
                {
                    var status = await client.GetReportAsync(send.Answer!.ReportUri!, send.Answer.InstanceId!, cancellationToken);
                    if (status is { IsTerminal: true })
                    {
                        send.Final = status;
                    }
                }
            });
            await Task.WhenAll(workers);
            pending = pending.Where(s => s.Final is null).ToList();
            Progress(settings, $"  finished {sends.Length - pending.Count - sends.Count(s => s.Answer is not { Accepted: true })}/{sends.Length}");
            var rest = PollRound - round.Elapsed;
            if (pending.Count > 0 && rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, cancellationToken);
            }
        }
    }

    private static LoadSummary Summarize(LoadSettings settings, Send[] sends)
    {
        var sent = sends.Where(s => s.Answer is not null).ToList();
        var firstSend = sent.Count > 0 ? sent.Min(s => s.SentAt) : DateTimeOffset.UtcNow;
        var lastSend = sent.Count > 0 ? sent.Max(s => s.SentAt) : firstSend;
        var achieved = sent.Count > 1 ? (sent.Count - 1) / (lastSend - firstSend).TotalSeconds : sent.Count;
        var latencies = sent.Select(s => s.Answer!.Latency.TotalMilliseconds).ToList();
        var answers = Count(sent.Select(s => Code(s.Answer!.StatusCode)));
        var errors = Count(sent.Where(s => !s.Answer!.Accepted).Select(s => Code(s.Answer!.StatusCode)));
        var finished = sent.Where(s => s.Final is not null).ToList();
        var outcomes = Count(finished.Select(s => s.Final!.Display));
        var posted = finished.Where(s => s.Final!.Display == nameof(ReportOutcome.Posted) && s.DoneAt is not null).ToList();
        var toPosted = posted.Select(s => (s.DoneAt!.Value - s.SentAt).TotalSeconds).ToList();
        var lastDone = finished.Select(s => s.DoneAt).Max();
        double? e2eSeconds = lastDone is { } done && finished.Count > 0 ? (done - firstSend).TotalSeconds : null;

        return new LoadSummary(
            settings.Common.BaseUrl.ToString(),
            settings.Count,
            settings.Rate,
            settings.Concurrency,
            sent.Count,
            Math.Round(achieved, 1),
            Round(Percentiles.Of(latencies, 50)),
            Round(Percentiles.Of(latencies, 95)),
            Round(Percentiles.Of(latencies, 99)),
            Round(latencies.Count > 0 ? latencies.Max() : null),
            answers,
            errors,
            outcomes,
            sent.Count(s => s.Answer!.Accepted && s.Final is null) + (settings.Count - sent.Count),
            Round(e2eSeconds),
            Round(e2eSeconds is > 0 ? finished.Count / e2eSeconds : null),
            Round(Percentiles.Of(toPosted, 50)),
            Round(Percentiles.Of(toPosted, 95)),
            Round(toPosted.Count > 0 ? toPosted.Max() : null));
    }

    private static Dictionary<string, int> Count(IEnumerable<string> keys) =>
        keys.GroupBy(k => k, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static string Code(int status) => status == 0 ? "no-answer" : status.ToString(CultureInfo.InvariantCulture);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;

    private static void Progress(LoadSettings settings, string message)
    {
        // With --json, stdout carries only the summary.
        (settings.Json ? Console.Error : Console.Out).WriteLine(message);
    }

    private sealed class Send
    {
        public DateTimeOffset SentAt { get; set; }

        public IntakeAnswer? Answer { get; set; }

        public ReportState? Final { get; set; }

        /// <summary>The status row's last write, by the run's final step, to the tick.</summary>
        public DateTimeOffset? DoneAt => Final?.UpdatedAt;
    }
}
