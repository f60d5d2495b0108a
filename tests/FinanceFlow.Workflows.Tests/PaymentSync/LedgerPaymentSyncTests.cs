using System.Globalization;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.PaymentSync;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace FinanceFlow.Workflows.Tests.PaymentSync;

/// <summary>
/// The payment sync as the hosts wire it, on a fresh Azurite and a real hledger-web: canonical reports (told through the callback,
/// none configured, so only recorded), the default ledger on hledger and <c>down</c> on a port nobody listens on.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LedgerPaymentSyncTests : IAsyncLifetime
{
    private readonly AzuriteProcess _azurite = new();
    private readonly HledgerWebProcess _hledger = new();
    private readonly DurableTaskClient _client = new Mock<DurableTaskClient>("test").Object;
    private readonly string _today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(_azurite.InitializeAsync(), _hledger.InitializeAsync());
        _services = Build(enabled: true);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _hledger.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_PartAndRestBooked_ReportPaidOnceAndASecondRunChangesNothing()
    {
        // Arrange
        await PostedAsync("R-PAID", 100m);
        await BookAsync("PAY-1", "FF-CANONICAL-R-PAID", 40m);
        await BookAsync("PAY-2", "FF-CANONICAL-R-PAID", 60m);

        // Act
        var first = await Sync().RunAsync(_client, CancellationToken.None);
        var second = await Sync().RunAsync(_client, CancellationToken.None);

        // Assert
        Assert.Equal((2, 2, 0), (first.Read, first.Applied, first.AlreadyApplied));
        Assert.Equal((2, 0, 2), (second.Read, second.Applied, second.AlreadyApplied));
        var row = await _services.GetRequiredService<IReportStatusStore>().GetAsync(Key("R-PAID"), CancellationToken.None);
        Assert.Equal(100m, row!.PaidAmount);
        var trail = await Trail(Key("R-PAID"));
        Assert.Equal(
            [("PaymentConfirmed", "Confirmed", "payment-sync", "PAY-1"), ("PaymentConfirmed", "Confirmed", "payment-sync", "PAY-2")],
            trail.Where(a => a.Step is "PaymentConfirmed" or "PaymentSync").Select(a => (a.Step, a.Outcome, a.Actor, a.CorrelationId)).Order());
        Assert.Equal(["Synced", "Synced"], (await Trail(new ReportKey("payments", _today))).Select(a => a.Outcome));
    }

    [Fact]
    public async Task RunAsync_OverpaidUnmatchedUnreadableAndALedgerDown_EachCountedTheRefusalAuditedOnce()
    {
        // Arrange
        await _services.DisposeAsync();
        _services = Build(enabled: true, withDownLedger: true);
        await PostedAsync("R-OVER", 10m);
        await BookAsync("PAY-3", "FF-CANONICAL-R-OVER", 25m);
        await BookAsync("PAY-4", "FF-CANONICAL-NOBODY", 5m);
        await File.AppendAllTextAsync(_hledger.JournalPath, $"\n{_today} Payment without its id  ; financeflow-ref:FF-CANONICAL-R-OVER\n    liabilities:employees:e1  EUR 1.00\n    assets:bank\n");

        // Act
        var first = await Sync().RunAsync(_client, CancellationToken.None);
        var second = await Sync().RunAsync(_client, CancellationToken.None);

        // Assert
        Assert.Equal(new PaymentSyncSummary(2, 0, 0, 1, 1, 1, 1, 0), first);
        Assert.Equal(first, second);
        var row = await _services.GetRequiredService<IReportStatusStore>().GetAsync(Key("R-OVER"), CancellationToken.None);
        Assert.Null(row!.PaidAmount);
        var refused = Assert.Single(await Trail(Key("R-OVER")), a => a.Step == "PaymentSync");
        Assert.Equal(("Refused", "PAY-3"), (refused.Outcome, refused.CorrelationId));
        Assert.Contains("/amount", refused.Detail, StringComparison.Ordinal);
        var runs = await Trail(new ReportKey("payments", _today));
        Assert.Equal(["SyncedWithProblems", "SyncedWithProblems"], runs.Select(a => a.Outcome));
        Assert.Contains("FF-CANONICAL-NOBODY, which is no posted report", runs[0].Detail, StringComparison.Ordinal);
        Assert.Contains("has no code", runs[0].Detail, StringComparison.Ordinal);
        Assert.Contains("ledger down unreadable", runs[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Disabled_ReadsAndRecordsNothing()
    {
        await _services.DisposeAsync();
        _services = Build(enabled: false);
        await PostedAsync("R-OFF", 10m);
        await BookAsync("PAY-5", "FF-CANONICAL-R-OFF", 10m);

        var summary = await Sync().RunAsync(_client, CancellationToken.None);

        Assert.Equal(PaymentSyncSummary.Disabled, summary);
        Assert.Null((await _services.GetRequiredService<IReportStatusStore>().GetAsync(Key("R-OFF"), CancellationToken.None))!.PaidAmount);
        Assert.Empty(await Trail(new ReportKey("payments", _today)));
    }

    private ServiceProvider Build(bool enabled, bool withDownLedger = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["FinanceFlow:Erp:Hledger:BaseUrl"] = _hledger.BaseUrl,
            ["FinanceFlow:Erp:Hledger:JournalPath"] = _hledger.JournalPath,
            ["FinanceFlow:PaymentSync:Enabled"] = enabled ? "true" : "false",
        };
        if (withDownLedger)
        {
            settings["FinanceFlow:Erp:Ledgers:down:BaseUrl"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Get()}");
            settings["FinanceFlow:Erp:Ledgers:down:TimeoutSeconds"] = "2";
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddFinanceFlowWorkflows(configuration);
        return services.BuildServiceProvider();
    }

    private LedgerPaymentSync Sync() => _services.CreateScope().ServiceProvider.GetRequiredService<LedgerPaymentSync>();

    private static ReportKey Key(string reportId) => new("canonical", reportId);

    private Task<IReadOnlyList<AuditRecord>> Trail(ReportKey key) => _services.GetRequiredService<IAuditTrail>().ReadAsync(key, CancellationToken.None);

    /// <summary>A posted canonical report in EUR, as the pipeline leaves its status row.</summary>
    private Task PostedAsync(string reportId, decimal total)
    {
        var key = Key(reportId);
        var now = DateTimeOffset.UtcNow;
        return _services.GetRequiredService<IReportStatusStore>().UpsertAsync(
            new ReportStatusRecord(key.Source, reportId, 1, key.InstanceId(1), ReportStage.Completed, ReportOutcome.Posted, "E1", "Erika", "EUR", total,
                "FF-CANONICAL-" + reportId, null, [], now, now),
            CancellationToken.None);
    }

    private Task BookAsync(string paymentId, string reference, decimal amount) =>
        File.AppendAllTextAsync(_hledger.JournalPath, string.Create(CultureInfo.InvariantCulture,
            $"\n{_today} ({paymentId}) Payment run  ; financeflow-ref:{reference}\n    liabilities:employees:e1  EUR {amount:0.00}\n    assets:bank\n"));
}
