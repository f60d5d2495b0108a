using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>The self-host is SIGKILLed mid-run and started again on the same storage and hub: nothing is lost, nothing posted twice.</summary>
public sealed class CrashRecoveryTests(EndToEndFixture e2e, ITestOutputHelper output) : IClassFixture<EndToEndFixture>
{
    private const int Reports = 20;

    [Fact]
    public async Task Kill_MidRun_EveryAcceptedReportPostedExactlyOnceAfterRestart()
    {
        var ids = Enumerable.Range(1, Reports).Select(i => $"KILL-{i:00}-{Guid.NewGuid().ToString("N")[..6]}").ToList();
        var samples = new[] { "01-usd-team-lunch.json", "03-eur-berlin-vat-partial.json", "06-chf-zurich-workshop.json", "14-usd-week-of-customer-visits.json" };
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            using var accepted = await e2e.DeliverAsync(EndToEndFixture.Sample(samples[i % samples.Length], id));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        // Kill while work is in flight: as soon as the first report is posted, most are still running.
        await FinanceFlow.Testing.WaitFor.ConditionAsync(
            async () => (await e2e.ReportAsync(ids[0])).GetProperty("outcome").GetString() != "Pending",
            TimeSpan.FromSeconds(60),
            "the first report to finish");
        var finishedBeforeKill = 0;
        foreach (var id in ids)
        {
            finishedBeforeKill += (await e2e.ReportAsync(id)).GetProperty("outcome").GetString() == "Posted" ? 1 : 0;
        }

        e2e.SelfHost.Kill();
        var restart = Stopwatch.StartNew();
        await e2e.SelfHost.StartAsync();
        foreach (var id in ids)
        {
            var view = await e2e.WaitForReportAsync(id, v => v.GetProperty("outcome").GetString() == "Posted", TimeSpan.FromSeconds(180), $"report {id} to be posted after the restart");
            Assert.Equal("Posted", view.GetProperty("outcome").GetString());
        }

        restart.Stop();
        output.WriteLine($"{finishedBeforeKill}/{Reports} posted before SIGKILL; all posted {restart.Elapsed.TotalSeconds:0.0} s after it");
        foreach (var id in ids)
        {
            Assert.Equal(1, await e2e.Hledger.CountTransactionsWithCodeAsync("FF-CANONICAL-" + id));
        }

        Assert.Equal(0, (await e2e.Hledger.RunHledgerAsync("check")).ExitCode);
    }
}
