using System.Diagnostics;
using System.Net;
using FinanceFlow.Testing;
using Xunit.Abstractions;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>
/// Azure Storage goes away for 15 seconds while reports run (Azurite stopped cleanly, then started again on the same data), and the
/// self-host is not restarted: the webhook answers 503 with Retry-After quickly meanwhile, and afterwards every accepted report posts
/// exactly once by itself.
/// </summary>
public sealed class StorageOutageTests(EndToEndFixture e2e, ITestOutputHelper output) : IClassFixture<EndToEndFixture>
{
    private const int Reports = 40;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(15);
    private static readonly string[] Samples = ["01-usd-team-lunch.json", "03-eur-berlin-vat-partial.json", "06-chf-zurich-workshop.json"];

    private int _accepted;

    // True from Azurite's stop until just before it starts again. Azurite's own IsStopped flips only once the restarted process is
    // seen listening, so a delivery answered by the restarted Azurite in between looked as if answered during the outage.
    private volatile bool _storageAway;

    [Fact]
    public async Task StorageUnavailable15Seconds_WebhookAnswers503Quickly_EveryReportPostsOnceWithoutRestart()
    {
        var ids = Enumerable.Range(1, Reports).Select(i => $"OUT-{i:00}-{Guid.NewGuid().ToString("N")[..6]}").ToList();
        var duringOutage = new List<(HttpStatusCode Status, TimeSpan Took, TimeSpan? RetryAfter)>();
        var storageBack = new TaskCompletionSource<Stopwatch>();

        var outage = Task.Run(async () =>
        {
            await WaitFor.ConditionAsync(() => Task.FromResult(Volatile.Read(ref _accepted) >= 12), TimeSpan.FromSeconds(120), "12 reports accepted before the outage");
            await e2e.Azurite.StopAsync();
            _storageAway = true;
            await Task.Delay(Outage);
            _storageAway = false;
            await e2e.Azurite.StartAgainAsync();
            storageBack.SetResult(Stopwatch.StartNew());
        });

        // The sender: one report every 250 ms; on 503 it waits Retry-After and delivers the same message again, as Standard Webhooks senders do.
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var body = EndToEndFixture.Sample(Samples[i % Samples.Length], id);
            var messageId = "msg_" + Guid.NewGuid().ToString("N");
            while (true)
            {
                var away = _storageAway;
                var clock = Stopwatch.StartNew();
                using var response = await e2e.DeliverAsync(body, messageId);
                clock.Stop();
                // Only what was sent and answered while storage was away.
                if (away && _storageAway)
                {
                    duringOutage.Add((response.StatusCode, clock.Elapsed, response.Headers.RetryAfter?.Delta));
                }

                // 200: an earlier attempt of this delivery was admitted, though its answer was lost at the edge of the outage.
                if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref _accepted);
                    break;
                }

                Assert.True(
                    response.StatusCode == HttpStatusCode.ServiceUnavailable,
                    $"report {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()} (storage {(e2e.Azurite.IsStopped ? "down" : "up")})");
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
            }

            await Task.Delay(250);
        }

        await outage;
        output.WriteLine($"during the outage: {duringOutage.Count} deliveries, {string.Join(", ", duringOutage.Select(d => $"{(int)d.Status} in {d.Took.TotalSeconds:0.00} s"))}");
        Assert.NotEmpty(duringOutage);
        Assert.All(duringOutage, d =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, d.Status);
            Assert.True(d.Took < TimeSpan.FromSeconds(3), $"503 took {d.Took.TotalSeconds:0.00} s");
            Assert.NotNull(d.RetryAfter);
        });

        var sinceBack = await storageBack.Task;
        foreach (var id in ids)
        {
            await e2e.WaitForReportAsync(id, v => v.GetProperty("outcome").GetString() == "Posted", TimeSpan.FromSeconds(180), $"report {id} to be posted after storage came back");
        }

        output.WriteLine($"all {Reports} posted {sinceBack.Elapsed.TotalSeconds:0.0} s after storage came back, without a restart");
        foreach (var id in ids)
        {
            Assert.Equal(1, await e2e.Hledger.CountTransactionsWithCodeAsync("FF-CANONICAL-" + id));
        }

        Assert.Equal(0, (await e2e.Hledger.RunHledgerAsync("check")).ExitCode);
    }
}
