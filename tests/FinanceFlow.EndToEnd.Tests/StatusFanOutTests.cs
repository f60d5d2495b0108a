using System.Diagnostics;
using System.Globalization;
using System.Net;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Messaging;
using FinanceFlow.Infrastructure.StatusFanOut;
using FinanceFlow.Testing;
using Xunit.Abstractions;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>Status events on the local Storage queue, as a downstream consumer (payroll, analytics) reads them.</summary>
public sealed class StatusFanOutTests(StatusFanOutFixture e2e, ITestOutputHelper output) : IClassFixture<StatusFanOutFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task StorageQueueTarget_TwoPostedAndOneRejected_EachReportsAcceptedThenItsOutcomeWithTheRightDataDespiteADownWebhook()
    {
        var lunch = "SF-" + Guid.NewGuid().ToString("N")[..8];
        var visit = "SF-" + Guid.NewGuid().ToString("N")[..8];
        var selfApproved = "SF-" + Guid.NewGuid().ToString("N")[..8];

        foreach (var (file, id) in new[] { ("01-usd-team-lunch.json", lunch), ("02-usd-nyc-client-visit.json", visit), ("11-rejected-self-approved.json", selfApproved) })
        {
            using var answer = await e2e.DeliverAsync(EndToEndFixture.Sample(file, id));
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        }

        var views = new Dictionary<string, System.Text.Json.JsonElement>();
        foreach (var id in new[] { lunch, visit, selfApproved })
        {
            views[id] = await e2e.WaitForOutcomeAsync(id, Timeout);
        }

        // A run completes only after its fan-out, so every event is on the queue now.
        var events = (await e2e.DrainAsync()).Where(e => views.ContainsKey(e.Subject)).ToList();

        Assert.All(events, e => Assert.Empty(StatusEventSchema.Validate(e.Json)));
        foreach (var id in new[] { lunch, visit })
        {
            var mine = events.Where(e => e.Subject == id).ToList();
            Assert.Equal([StatusEventTypes.Accepted, StatusEventTypes.Posted], mine.Select(e => e.Type));
            var posted = mine[1];
            Assert.Equal($"expense:canonical:{id}:v1:posted", posted.Event.GetProperty("id").GetString());
            var document = Assert.Single(posted.Data.GetProperty("documents").EnumerateArray());
            Assert.Equal(views[id].GetProperty("erpDocumentNumber").GetString(), document.GetProperty("erpDocument").GetString());
            Assert.Equal("US01", document.GetProperty("entity").GetString());
            var total = Assert.Single(posted.Data.GetProperty("totals").EnumerateArray());
            Assert.Equal(views[id].GetProperty("totalAmount").GetDecimal(), total.GetProperty("amount").GetDecimal());
            Assert.Equal("USD", total.GetProperty("currency").GetString());
            Assert.Equal(1, await e2e.Hledger.CountTransactionsWithCodeAsync("FF-CANONICAL-" + id));
        }

        var rejected = events.Where(e => e.Subject == selfApproved).ToList();
        Assert.Equal([StatusEventTypes.Accepted, StatusEventTypes.Rejected], rejected.Select(e => e.Type));
        Assert.Equal(
            views[selfApproved].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()),
            rejected[1].Data.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()));
        Assert.Equal(0, rejected[1].Data.GetProperty("documents").GetArrayLength());

        // The payroll webhook was down: the reports' outcomes stand, and finance sees a Failed row naming it per event.
        var audit = views[lunch].GetProperty("audit").EnumerateArray().Where(a => a.GetProperty("step").GetString() == "PublishStatus").ToList();
        Assert.Equal(2, audit.Count(a => a.GetProperty("outcome").GetString() == "Published"));
        var failed = audit.Where(a => a.GetProperty("outcome").GetString() == "Failed").Select(a => a.GetProperty("detail").GetString()!).ToList();
        Assert.Equal(2, failed.Count);
        Assert.All(failed, d => Assert.Contains($"'{StatusFanOutFixture.PayrollTarget}'", d, StringComparison.Ordinal));
        Assert.All(failed, d => Assert.Contains("503", d, StringComparison.Ordinal));
        Assert.Equal("Posted", views[lunch].GetProperty("outcome").GetString());
        Assert.True(e2e.Payroll.LogEntries.Count() >= 12, "two attempts per event at the payroll webhook");
    }

    /// <summary>Fan-out latency per event (docs/benchmarks.md): from the orchestration building the event (its <c>time</c>) to a consumer polling the queue reading it.</summary>
    [Fact]
    public async Task StorageQueueTarget_TwentyReports_EveryEventArrivesAndLatencyIsReported()
    {
        const int Reports = 20;
        var ids = Enumerable.Range(0, Reports).Select(_ => "SL-" + Guid.NewGuid().ToString("N")[..8]).ToList();
        await e2e.DrainAsync();
        var received = new List<ReceivedStatusEvent>();
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var batch = await e2e.DrainAsync();
                lock (received)
                {
                    received.AddRange(batch);
                }

                if (batch.Count == 0)
                {
                    await Task.Delay(20, CancellationToken.None);
                }
            }
        });

        foreach (var id in ids)
        {
            using var answer = await e2e.DeliverAsync(EndToEndFixture.Sample("01-usd-team-lunch.json", id));
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        }

        await WaitFor.ConditionAsync(() => Task.FromResult(Count() == 2 * Reports), Timeout, $"{2 * Reports} status events");
        await stop.CancelAsync();
        await reader;

        var mine = received.Where(e => ids.Contains(e.Subject)).ToList();
        Assert.All(ids, id => Assert.Equal([StatusEventTypes.Accepted, StatusEventTypes.Posted], mine.Where(e => e.Subject == id).Select(e => e.Type)));
        foreach (var type in new[] { StatusEventTypes.Accepted, StatusEventTypes.Posted })
        {
            var latencies = mine.Where(e => e.Type == type)
                .Select(e => (e.ReadAt - e.Event.GetProperty("time").GetDateTimeOffset()).TotalMilliseconds).Order().ToList();
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"fan-out latency {StatusEventTypes.Suffix(type)} (n={latencies.Count}): p50 {Percentile(latencies, 0.5):0} ms, p95 {Percentile(latencies, 0.95):0} ms, max {latencies[^1]:0} ms"));
        }

        int Count()
        {
            lock (received)
            {
                return received.Count(e => ids.Contains(e.Subject));
            }
        }
    }

    /// <summary>The transport alone (docs/benchmarks.md): the Storage queue publisher to Azurite, one event after another.</summary>
    [Fact]
    public async Task StorageQueuePublisher_HundredEvents_AllArriveAndLatencyIsReported()
    {
        const int Events = 100;
        var queueName = "status-direct-" + Guid.NewGuid().ToString("N")[..8];
        var publisher = new StorageQueueStatusPublisher(e2e.Queues);
        var target = new StatusTargetSettings { Kind = StatusTargetKind.StorageQueue, QueueName = queueName };
        var latencies = new List<double>(Events);
        for (var i = 0; i < Events; i++)
        {
            var statusEvent = new StatusCloudEvent(
                $"expense:canonical:SD-{i}:v1:posted", "/financeflow/canonical", StatusEventTypes.Posted, $"SD-{i}", DateTimeOffset.UtcNow,
                new StatusEventData($"SD-{i}", 1, "canonical", $"expense:canonical:SD-{i}:v1", Core.Model.ReportOutcome.Posted,
                    [new StatusEventDocument("US01", "us01", "USD", 60m, $"FF-CANONICAL-SD-{i}", "DOC", null)], [new StatusEventTotal("USD", 60m)], [], null, null));
            var started = Stopwatch.GetTimestamp();
            await publisher.PublishAsync(target, statusEvent, StatusEventJson.Serialize(statusEvent), CancellationToken.None);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        Assert.Equal(Events, (await e2e.Queues.GetQueueClient(queueName).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        var sorted = latencies.Skip(1).Order().ToList(); // the first call creates the queue
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"storage queue publish (n={sorted.Count}): p50 {Percentile(sorted, 0.5):0.0} ms, p95 {Percentile(sorted, 0.95):0.0} ms, max {sorted[^1]:0.0} ms"));
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
