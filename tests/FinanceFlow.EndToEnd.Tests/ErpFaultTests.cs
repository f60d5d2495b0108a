using System.Diagnostics;
using System.Globalization;
using System.Net;
using FinanceFlow.Connectors.BusinessCentral;
using Xunit.Abstractions;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>
/// Exactly once under ERP faults: 200 reports, each with a journal for Business Central, NetSuite and S/4HANA, while 30 % of ERP
/// calls fail transiently (429, 503, a timeout), some writes lose their answer after the ERP wrote them, and some calls are slow.
/// Counted in the emulators: every journal once; then the reconciliation reads every ERP back and finds them balanced.
/// </summary>
public sealed class ErpFaultTests(ThreeErpFixture erps, ITestOutputHelper output) : IClassFixture<ThreeErpFixture>
{
    private const int Reports = 200;

    [Fact]
    public async Task TwoHundredReportsWhileErpsFailAndLoseAnswers_EachJournalOnceInItsErpAndTheBooksReconcile()
    {
        await erps.SyncAndMapAsync();
        var seed = 7;
        foreach (var host in erps.Hosts)
        {
            host.Faults.SlowAnswer = TimeSpan.FromSeconds(3);
            host.Faults.Spike = TimeSpan.FromMilliseconds(400);
            host.Faults.Random(transient: 0.30, lostAnswers: 0.10, spikes: 0.05, seed: seed++);
        }

        var clock = Stopwatch.StartNew();
        var run = Guid.NewGuid().ToString("N")[..6];
        var ids = Enumerable.Range(1, Reports).Select(i => string.Create(CultureInfo.InvariantCulture, $"F{run}-{i:000}")).ToList();
        foreach (var id in ids)
        {
            using var accepted = await erps.DeliverAsync(ThreeErpFixture.Report(id));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        var outcomes = new Dictionary<string, string?>();
        var reasons = new List<string>();
        foreach (var id in ids)
        {
            var view = await erps.WaitForOutcomeAsync(id, TimeSpan.FromMinutes(12));
            outcomes[id] = view.GetProperty("outcome").GetString();
            if (outcomes[id] != "Posted")
            {
                reasons.Add($"{id} {outcomes[id]}: {view.GetProperty("failureReason")}");
            }
        }

        foreach (var host in erps.Hosts)
        {
            host.Faults.Clear();
        }

        var faults = erps.Hosts.Sum(h => h.Calls.Count(c => c.Fault != Emulators.Erp.ErpFault.None));
        foreach (var (name, host) in new[] { "Business Central", "NetSuite", "S/4HANA" }.Zip(erps.Hosts))
        {
            var calls = host.Calls.Where(c => c.PathAndQuery != Emulators.Erp.ErpEmulatorHost.TokenPath).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {calls.Count} calls, faults {string.Join(", ", calls.GroupBy(c => c.Fault).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Reports} reports, {faults} faults injected, all outcomes after {clock.Elapsed.TotalSeconds:0.0} s"));
        Assert.True(faults > Reports, $"only {faults} faults were injected");
        Assert.True(reasons.Count == 0, string.Join("\n", reasons));
        Assert.All(ids, id =>
        {
            Assert.Equal(1, erps.BusinessCentral.Store.Posted(BusinessCentralReference.DocumentNumber($"FF-CANONICAL-{id}")));
            Assert.Equal(1, erps.NetSuite.Records.Count(r => r.Memo?.StartsWith($"FF-CANONICAL-{id}.AU01", StringComparison.Ordinal) == true));
            Assert.Equal(1, erps.S4Hana.Entries.Count(e => e.Items.Any(i => i.ItemText?.Contains($"FF-CANONICAL-{id}.NL01", StringComparison.Ordinal) == true)));
        });

        var reconciliation = await erps.ReconcileAsync();
        Assert.True(reconciliation.GetProperty("outcome").GetString() == "Balanced", reconciliation.ToString());
        var matched = reconciliation.GetProperty("ledgers").EnumerateArray()
            .ToDictionary(l => l.GetProperty("ledger").GetString()!, l => l.GetProperty("matched").GetInt32());
        Assert.Equal((Reports, Reports, Reports), (matched["ca01"], matched["au01"], matched["nl01"]));
    }
}
