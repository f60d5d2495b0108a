using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Postings;
using FinanceFlow.Infrastructure.Status;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>
/// The reconciliation through the self-host: the ledger (hledger-web) is the system of record, and finance ops learn from one run
/// what differs from FinanceFlow's postings and which reports still wait for them.
/// </summary>
public sealed class ReconciliationTests(EndToEndFixture e2e) : IClassFixture<EndToEndFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Reconcile_AfterPostingThenEditsBehindFinanceFlowsBack_FirstBalancedThenEachDifferenceNamedWithWhatToDo()
    {
        var lunch = "REC-" + Guid.NewGuid().ToString("N")[..8];
        var visit = "REC-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Accepted, (await e2e.DeliverAsync(EndToEndFixture.Sample("01-usd-team-lunch.json", lunch))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await e2e.DeliverAsync(EndToEndFixture.Sample("02-usd-nyc-client-visit.json", visit))).StatusCode);
        Assert.Equal("Posted", (await e2e.WaitForOutcomeAsync(lunch, Timeout)).GetProperty("outcome").GetString());
        Assert.Equal("Posted", (await e2e.WaitForOutcomeAsync(visit, Timeout)).GetProperty("outcome").GetString());

        var clean = await ReconcileAsync();

        Assert.Equal("Balanced", clean.GetProperty("outcome").GetString());
        var ledger = Assert.Single(clean.GetProperty("ledgers").EnumerateArray());
        Assert.Equal((2, 2, 2), (ledger.GetProperty("erpTransactions").GetInt32(), ledger.GetProperty("recordedPostings").GetInt32(), ledger.GetProperty("matched").GetInt32()));
        Assert.Empty(clean.GetProperty("openItems").EnumerateArray());

        // Behind FinanceFlow's back: the lunch copied by hand in the ledger, a transaction with our kind of code nobody recorded,
        // a posting recorded whose transaction was deleted from the ledger, and a report whose posting failed.
        var lost = "FF-CANONICAL-" + lunch + "-LOST";
        var ghost = "FF-CANONICAL-" + lunch + "-GHOST";
        await File.AppendAllTextAsync(e2e.Hledger.JournalPath, string.Create(CultureInfo.InvariantCulture,
            $"\n2026-11-26 (FF-CANONICAL-{lunch}) copied by hand\n    expenses:meals  USD 10.00\n    liabilities:employees:e100\n"
            + $"\n2026-11-26 ({ghost}) posted by someone else\n    expenses:meals  USD 5.00\n    liabilities:employees:e100\n"));
        var tables = new TableServiceClient(e2e.Azurite.ConnectionString);
        var postings = new TablePostingStore(tables, TimeProvider.System);
        var claim = await postings.ClaimAsync(lost, "hash", "hledger", new PostingTarget(null, "USD", 42.00m), "expense:canonical:lost:v1", TimeSpan.FromSeconds(1), CancellationToken.None);
        await postings.SettleAsync(lost, claim.Record.Generation, PostingState.Posted, lost, null, CancellationToken.None);
        var failed = "REC-FAILED-" + lunch;
        var at = DateTimeOffset.UtcNow;
        await new TableReportStatusStore(tables).UpsertAsync(
            new ReportStatusRecord("canonical", failed, 1, "expense:canonical:" + failed + ":v1", ReportStage.Completed, ReportOutcome.PostingFailed, "E100", "Ana", "USD", 12m,
                null, "hledger-web answered 400: account is closed", [], at, at),
            CancellationToken.None);
        Assert.Equal(0, (await e2e.Hledger.RunHledgerAsync("check")).ExitCode);

        var differences = await ReconcileAsync();

        Assert.Equal("Differences", differences.GetProperty("outcome").GetString());
        var findings = differences.GetProperty("ledgers").EnumerateArray().SelectMany(l => l.GetProperty("findings").EnumerateArray())
            .Select(f => (Code: f.GetProperty("code").GetString(), Reference: f.GetProperty("reference").GetString(), Action: f.GetProperty("action").GetString()))
            .ToList();
        Assert.Contains(findings, f => f.Code == "duplicate-in-erp" && f.Reference == "FF-CANONICAL-" + lunch);
        Assert.Contains(findings, f => f.Code == "not-recorded" && f.Reference == ghost);
        Assert.Contains(findings, f => f.Code == "missing-in-erp" && f.Reference == lost);
        Assert.Equal(3, findings.Count);
        Assert.All(findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Action)));
        var open = Assert.Single(differences.GetProperty("openItems").EnumerateArray());
        Assert.Equal(("posting-failed", failed), (open.GetProperty("kind").GetString(), open.GetProperty("reportId").GetString()));
        Assert.Contains($"/api/v1/reports/canonical/{failed}/retry", open.GetProperty("action").GetString(), StringComparison.Ordinal);

        // Finance ops find both runs, newest first, and read one back; an unknown run is a 404 problem.
        using var list = await e2e.Http.GetAsync("/api/v1/reconciliations?top=5");
        var runs = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
        Assert.Equal(
            [differences.GetProperty("runId").GetString(), clean.GetProperty("runId").GetString()],
            runs.Take(2).Select(r => r.GetProperty("runId").GetString()));
        Assert.Equal((3, 1), (runs[0].GetProperty("errors").GetInt32(), runs[0].GetProperty("openItems").GetInt32()));
        using var one = await e2e.Http.GetAsync("/api/v1/reconciliations/" + differences.GetProperty("runId").GetString());
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(3, JsonDocument.Parse(await one.Content.ReadAsStringAsync()).RootElement.GetProperty("ledgers").EnumerateArray().Sum(l => l.GetProperty("findings").GetArrayLength()));
        using var unknown = await e2e.Http.GetAsync("/api/v1/reconciliations/rec-never");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        // The exception queue shows the same now, with the last run's ledger differences.
        using var queue = await e2e.Http.GetAsync("/api/v1/exceptions");
        var exceptions = JsonDocument.Parse(await queue.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(failed, Assert.Single(exceptions.GetProperty("items").EnumerateArray()).GetProperty("reportId").GetString());
        Assert.Equal(differences.GetProperty("runId").GetString(), exceptions.GetProperty("lastReconciliation").GetProperty("runId").GetString());
        Assert.Equal(3, exceptions.GetProperty("ledgerDifferences").GetArrayLength());

        var trail = await new TableAuditTrail(tables).ReadAsync(new ReportKey("reconciliation", at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), CancellationToken.None);
        Assert.Contains(trail, a => a.Step == "ReconcileLedgers" && a.Outcome == "Differences" && a.CorrelationId == differences.GetProperty("runId").GetString());
    }

    private async Task<JsonElement> ReconcileAsync()
    {
        using var response = await e2e.Http.PostAsync("/api/v1/reconciliations", content: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
