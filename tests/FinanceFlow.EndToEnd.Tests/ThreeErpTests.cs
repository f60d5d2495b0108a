using FinanceFlow.Connectors.BusinessCentral;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>One report, three legal entities, three ERPs: each entity's journal goes to the ERP its ledger's Kind names, once.</summary>
public sealed class ThreeErpTests(ThreeErpFixture erps) : IClassFixture<ThreeErpFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task ReportWithLinesOfThreeEntities_EachJournalPostedOnceInItsOwnErpAndConfirmed()
    {
        await erps.SyncAndMapAsync();
        var reportId = "ERP3-" + Guid.NewGuid().ToString("N")[..8];

        using var accepted = await erps.DeliverAsync(ThreeErpFixture.Report(reportId));
        var view = await erps.WaitForOutcomeAsync(reportId, Timeout);

        Assert.True(view.GetProperty("outcome").GetString() == "Posted", view.ToString());
        var documents = view.GetProperty("erpDocuments").EnumerateArray()
            .Select(d => (d.GetProperty("entity").GetString(), d.GetProperty("ledger").GetString(), d.GetProperty("amount").GetDecimal()))
            .ToList();
        Assert.Equal([("CA01", "ca01", 40.00m), ("AU01", "au01", 30.00m), ("NL01", "nl01", 20.00m)], documents);
        Assert.All(view.GetProperty("erpDocuments").EnumerateArray(), d => Assert.False(string.IsNullOrEmpty(d.GetProperty("documentNumber").GetString()), view.ToString()));

        // Each ERP holds its entity's journal exactly once, under the reference FinanceFlow gave it (mapped into the ERP's field).
        Assert.Equal(1, erps.BusinessCentral.Store.Posted(BusinessCentralReference.DocumentNumber($"FF-CANONICAL-{reportId}")));
        Assert.Equal(1, erps.NetSuite.Records.Count(r => r.Memo?.StartsWith($"FF-CANONICAL-{reportId}.AU01", StringComparison.Ordinal) == true));
        Assert.Equal(1, erps.S4Hana.Entries.Count(e => e.Items.Any(i => i.ItemText?.Contains($"FF-CANONICAL-{reportId}.NL01", StringComparison.Ordinal) == true)));

        // The expense platform hears the same: each entity's document with what its ERP confirmed (S/4HANA: the fiscal year).
        var callback = erps.Callbacks.LogEntries.Select(l => l.RequestMessage).First(r => r.Body?.Contains(reportId, StringComparison.Ordinal) == true);
        using var body = System.Text.Json.JsonDocument.Parse(callback.Body!);
        var confirmed = body.RootElement.GetProperty("documents").EnumerateArray()
            .Select(d => (d.GetProperty("entity").GetString(), d.GetProperty("postingDate").GetString(), d.GetProperty("fiscalYear").GetString()))
            .ToList();
        Assert.Equal([("CA01", "2026-11-20", null), ("AU01", "2026-11-20", null), ("NL01", "2026-11-20", "2026")], confirmed);

        // The nightly reconciliation reads each ERP back and finds FinanceFlow's posting there, balanced.
        var reconciliation = await erps.ReconcileAsync();
        Assert.True(reconciliation.GetProperty("outcome").GetString() == "Balanced", reconciliation.ToString());
        var matched = reconciliation.GetProperty("ledgers").EnumerateArray()
            .ToDictionary(l => l.GetProperty("ledger").GetString()!, l => l.GetProperty("matched").GetInt32());
        Assert.Equal((1, 1, 1), (matched["ca01"], matched["au01"], matched["nl01"]));
    }
}
