using FinanceFlow.Chaos;
using Xunit.Abstractions;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>
/// The chaos command's short form (the full one: <c>dotnet run --project tests/FinanceFlow.Chaos -c Release</c>): reports through
/// the self-host while it is SIGKILLed, storage goes away, the ERP fails 30 % of calls and loses answers, and webhooks arrive up
/// to three times out of order.
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ShortForm_KillOutageErpFaultsRedeliveries_EveryReportPostedOnceNothingStuckAuditComplete()
    {
        using var log = new StringWriter();
        var settings = new ChaosSettings(Reports: 40, Kills: 1, Outages: 1, OutageSeconds: (15, 20)) { DrainTimeout = TimeSpan.FromMinutes(5) };

        var result = await new ChaosRun(settings, log).RunAsync(CancellationToken.None);

        output.WriteLine(log.ToString());
        output.WriteLine(result.ToString());
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(1, result.Kills);
        Assert.Single(result.OutageSeconds);
        Assert.True(result.ErpFaults > 0, "the ERP never failed: the run proved nothing about it");
        Assert.True(result.Redelivered > 0, "no webhook arrived twice");
    }
}
