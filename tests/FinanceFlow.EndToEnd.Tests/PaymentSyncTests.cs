using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using FinanceFlow.Core.Model;
using FinanceFlow.Emulators.Concur;
using FinanceFlow.Emulators.Expensify;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Testing;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>The sources' fixture with the payment sync on, every 5 seconds.</summary>
public sealed class PaymentSyncFixture : SourceFlowFixture
{
    protected override void Configure(IDictionary<string, string> settings)
    {
        settings["FinanceFlow__PaymentSync__Enabled"] = "true";
        settings["FinanceFlow__PaymentSync__Schedule"] = "*/5 * * * * *";
    }
}

/// <summary>What finance notices when it books the payment run in the ledger: the reports are paid and the platforms told, once.</summary>
public sealed class PaymentSyncTests(PaymentSyncFixture e2e) : IClassFixture<PaymentSyncFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task PaymentSync_PaymentTransactionsInTheLedger_ReportsPaidAndConcurAndExpensifyToldOnce()
    {
        // Arrange: a Concur report and an Expensify report posted to hledger.
        var concur = e2e.Concur;
        const string expensifyReport = "R006AseGxMka";
        e2e.Expensify.WithStatusUpdate(ExpensifyEmulator.Reference("expensify-reportStatusUpdater-response-200.json"));
        using var accepted = await e2e.DeliverConcurAsync(concur.ReadyEvent());
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var concurView = await e2e.WaitForPostedAsync("concur", concur.ReportId, Timeout);
        var expensifyView = await e2e.WaitForPostedAsync("expensify", expensifyReport, Timeout);
        var (concurTotal, concurCurrency) = (concurView.GetProperty("totalAmount").GetDecimal(), concurView.GetProperty("currency").GetString()!);
        var (expensifyTotal, expensifyCurrency) = (expensifyView.GetProperty("totalAmount").GetDecimal(), expensifyView.GetProperty("currency").GetString()!);
        var part = decimal.Round(expensifyTotal / 3, 2);
        Assert.Empty(concur.Received(ConcurFisEmulator.PaymentConfirmationsPath));

        // Act: finance books the payment run: the Concur report in full, the Expensify report in two parts.
        var paidOn = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await AppendPaymentAsync(paidOn, "PAY-C-1", SourceFlowFixture.Code("concur", concur.ReportId), concurTotal, concurCurrency);
        await AppendPaymentAsync(paidOn, "PAY-E-1", SourceFlowFixture.Code("expensify", expensifyReport), part, expensifyCurrency);
        await AppendPaymentAsync(paidOn, "PAY-E-2", SourceFlowFixture.Code("expensify", expensifyReport), expensifyTotal - part, expensifyCurrency);
        await WaitForPaidAsync("concur", concur.ReportId, concurTotal);
        await WaitForPaidAsync("expensify", expensifyReport, expensifyTotal);

        // Two more runs read the same payments again.
        var runs = (await SyncRunsAsync()).Count;
        await WaitFor.ConditionAsync(async () => (await SyncRunsAsync()).Count >= runs + 2, Timeout, "two more payment-sync runs");

        // Assert: each report paid in full, each payment recorded once, nothing recorded again.
        concurView = await e2e.ReportAsync("concur", concur.ReportId);
        expensifyView = await e2e.ReportAsync("expensify", expensifyReport);
        Assert.Equal((concurTotal, "PAY-C-1"), (concurView.GetProperty("paidAmount").GetDecimal(), concurView.GetProperty("paymentReference").GetString()));
        Assert.Equal(expensifyTotal, expensifyView.GetProperty("paidAmount").GetDecimal());
        Assert.Equal([("Confirmed", "PAY-C-1")], PaymentRows(concurView));
        Assert.Equal([("Confirmed", "PAY-E-1"), ("Confirmed", "PAY-E-2")], PaymentRows(expensifyView).Order());

        // Concur: one payment confirmation, completely paid, for its document.
        var confirmation = Assert.Single(concur.Received(ConcurFisEmulator.PaymentConfirmationsPath));
        var confirmed = JsonNode.Parse(confirmation.RequestMessage.Body!)!.ToJsonString();
        Assert.Contains(concur.DocumentId, confirmed, StringComparison.Ordinal);
        Assert.Contains("\"CP\"", confirmed, StringComparison.Ordinal);

        // Expensify: one reportStatus update to REIMBURSED, sent once the second part paid the report in full.
        var update = Assert.Single(e2e.Expensify.Received, r => r.Type == "update");
        Assert.Contains(expensifyReport, update.Job.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("REIMBURSED", update.Job.ToJsonString(), StringComparison.Ordinal);

        // The runs are audited; the ledger still parses.
        Assert.All(await SyncRunsAsync(), run => Assert.Equal(("Synced", "payment-sync"), (run.Outcome, run.Actor)));
        Assert.Equal(0, (await e2e.Hledger.RunHledgerAsync("check")).ExitCode);
    }

    /// <summary>Books a payment as finance would: code = payment id, tagged with the document's reference, payable debited, bank credited.</summary>
    private Task AppendPaymentAsync(string date, string paymentId, string reference, decimal amount, string currency) =>
        File.AppendAllTextAsync(e2e.Hledger.JournalPath, string.Create(CultureInfo.InvariantCulture,
            $"\n{date} ({paymentId}) Payment run  ; financeflow-ref:{reference}\n    liabilities:employees:paid  {currency} {amount:0.00}\n    assets:bank:operating  {currency} {-amount:0.00}\n"));

    private async Task WaitForPaidAsync(string source, string reportId, decimal total)
    {
        JsonElement view = default;
        try
        {
            await WaitFor.ConditionAsync(
                async () =>
                {
                    view = await e2e.ReportAsync(source, reportId);
                    return view.GetProperty("paidAmount").ValueKind == JsonValueKind.Number && view.GetProperty("paidAmount").GetDecimal() == total;
                },
                Timeout,
                $"{source} report {reportId} to be paid");
        }
        catch (TimeoutException ex)
        {
            var log = e2e.SelfHost.Output;
            throw new TimeoutException($"{ex.Message}\nreport: {view}\nself-host log (tail): {log[Math.Max(0, log.Length - 4000)..]}", ex);
        }
    }

    private static List<(string Outcome, string Reference)> PaymentRows(JsonElement view) =>
        [.. view.GetProperty("audit").EnumerateArray()
            .Where(a => a.GetProperty("step").GetString() == "PaymentConfirmed")
            .Select(a => (a.GetProperty("outcome").GetString()!, a.GetProperty("correlationId").GetString()!))];

    private async Task<IReadOnlyList<AuditRecord>> SyncRunsAsync()
    {
        var trail = new TableAuditTrail(new TableServiceClient(e2e.Azurite.ConnectionString));
        var day = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return [.. (await trail.ReadAsync(new ReportKey("payments", day), CancellationToken.None)).Where(a => a.Step == "PaymentSync")];
    }
}
