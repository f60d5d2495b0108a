using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using Xunit.Abstractions;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>The self-host with a watchdog sweeping every two seconds that calls a run stuck after five seconds without a change.</summary>
public sealed class WatchdogFixture : EndToEndFixture
{
    protected override void Configure(IDictionary<string, string> settings)
    {
        settings["FinanceFlow__Watchdog__Schedule"] = "*/2 * * * * *";
        settings["FinanceFlow__Watchdog__StuckAfter"] = "00:00:05";

        // A killed process's messages stay invisible for ten minutes: its runs stall unless the watchdog acts.
        settings["FinanceFlow__SelfHost__QueueVisibilityTimeout"] = "00:10:00";
    }
}

/// <summary>Runs that stopped moving are found and run again, once, by the watchdog: nothing waits for a person or a restart.</summary>
public sealed class WatchdogTests(WatchdogFixture e2e, ITestOutputHelper output) : IClassFixture<WatchdogFixture>
{
    [Fact]
    public async Task AcceptedButNeverStarted_WatchdogStartsIt_PostedOnce()
    {
        // What a start that failed half-way leaves: the raw payload and a Pending status row, but no run.
        var reportId = "NEVER-" + Guid.NewGuid().ToString("N")[..8];
        var body = EndToEndFixture.Sample("01-usd-team-lunch.json", reportId);
        var receivedAt = DateTimeOffset.UtcNow.AddMinutes(-2);
        var raw = await new BlobRawPayloadStore(new BlobServiceClient(e2e.Azurite.ConnectionString))
            .SaveAsync("canonical", "msg_" + reportId, receivedAt, BinaryData.FromBytes(body), CancellationToken.None);
        var statuses = new TableReportStatusStore(new TableServiceClient(e2e.Azurite.ConnectionString));
        var key = new ReportKey("canonical", reportId);
        await statuses.UpsertAsync(
            new ReportStatusRecord("canonical", reportId, 1, key.InstanceId(1), ReportStage.Received, ReportOutcome.Pending, "E-1", "Ada", "USD", 1m, null, null, [], receivedAt, receivedAt, RawBlobName: raw),
            CancellationToken.None);

        var view = await e2e.WaitForReportAsync(reportId, v => v.GetProperty("outcome").GetString() == "Posted", TimeSpan.FromSeconds(90), $"the watchdog to start and post {reportId}");

        Assert.Contains(Audit(view), a => a.Step == "Watchdog" && a.Outcome == "Redriven" && a.Detail.Contains("never started", StringComparison.Ordinal));
        Assert.Equal(1, await e2e.Hledger.CountTransactionsWithCodeAsync("FF-CANONICAL-" + reportId));
    }

    [Fact]
    public async Task RunsStalledByAKilledHost_WatchdogRunsThemAgain_EachPostedOnce()
    {
        var ids = Enumerable.Range(1, 12).Select(i => $"STALL-{i:00}-{Guid.NewGuid().ToString("N")[..6]}").ToList();
        foreach (var id in ids)
        {
            using var accepted = await e2e.DeliverAsync(EndToEndFixture.Sample("03-eur-berlin-vat-partial.json", id));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        // Killed right after the last delivery, while the engine works on the first ones (it dequeues control messages in batches):
        // the messages it held stay hidden for ten minutes after the restart, so those runs stall.
        e2e.SelfHost.Kill();
        await e2e.SelfHost.StartAsync();

        var redriven = 0;
        foreach (var id in ids)
        {
            var view = await e2e.WaitForReportAsync(id, v => v.GetProperty("outcome").GetString() == "Posted", TimeSpan.FromSeconds(120), $"report {id} to be posted");
            var watchdog = Audit(view).Where(a => a.Step == "Watchdog").ToList();
            redriven += watchdog.Count(a => a.Outcome == "Redriven");
            Assert.True(watchdog.Count(a => a.Outcome == "Redriven") <= 1, $"{id} was run again {watchdog.Count} times");
            Assert.Equal(1, await e2e.Hledger.CountTransactionsWithCodeAsync("FF-CANONICAL-" + id));
        }

        output.WriteLine($"the watchdog ran {redriven} of {ids.Count} reports again after the SIGKILL");
        Assert.True(redriven > 0, "no run was stuck after the restart: the watchdog had nothing to do");
        Assert.Equal(0, (await e2e.Hledger.RunHledgerAsync("check")).ExitCode);
    }

    private static IEnumerable<(string Step, string Outcome, string Detail)> Audit(JsonElement view) =>
        view.GetProperty("audit").EnumerateArray().Select(a => (
            a.GetProperty("step").GetString()!,
            a.GetProperty("outcome").GetString()!,
            a.TryGetProperty("detail", out var d) ? d.GetString() ?? string.Empty : string.Empty));
}
