using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.MasterData;
using FinanceFlow.Workflows.Operations;
using FinanceFlow.Workflows.PaymentSync;
using FinanceFlow.Workflows.Reconciliation;
using FinanceFlow.Workflows.Sources;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Functions.Schedules;

/// <summary>Timer-triggered work: pulls from sources that do not push (Expensify's Integration Server), the master-data sync, the nightly reconciliation, the payment sync, the Concur document-list poll and the stuck-run watchdog.</summary>
public sealed class ScheduleFunctions(ExpensifyPull pull, MasterDataSync sync, LedgerReconciliationRunner reconciliation, LedgerPaymentSync payments, ConcurDocumentPoll concurPoll, StuckRunWatchdog watchdog)
{
    /// <summary>Schedule: app setting <c>FinanceFlow__Watchdog__Schedule</c> (NCRONTAB with seconds); runs stuck reports again.</summary>
    [Function(nameof(SweepStuckRuns))]
    public async Task SweepStuckRuns(
        [TimerTrigger("%FinanceFlow:Watchdog:Schedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await watchdog.SweepAsync(client, cancellationToken);

    /// <summary>Schedule: app setting <c>FinanceFlow__Reconciliation__Schedule</c> (NCRONTAB with seconds); the host does not index it without the setting.</summary>
    [Function(nameof(ReconcileLedgers))]
    public async Task ReconcileLedgers(
        [TimerTrigger("%FinanceFlow:Reconciliation:Schedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await reconciliation.RunAsync(LedgerReconciliationRunner.ScheduleActor, client, cancellationToken);

    /// <summary>
    /// Schedule: app setting <c>FinanceFlow__PaymentSync__Schedule</c> (NCRONTAB with seconds); reads payments back from the ledgers
    /// when <c>FinanceFlow__PaymentSync__Enabled</c> is true, and does nothing otherwise.
    /// </summary>
    [Function(nameof(SyncPayments))]
    public async Task SyncPayments(
        [TimerTrigger("%FinanceFlow:PaymentSync:Schedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await payments.RunAsync(client, cancellationToken);

    /// <summary>Schedule: app setting <c>FinanceFlow__Sources__expensify__Schedule</c> (NCRONTAB with seconds).</summary>
    [Function(nameof(PullExpensifyReports))]
    public async Task PullExpensifyReports(
        [TimerTrigger("%FinanceFlow:Sources:expensify:Schedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await pull.PullAsync(client, cancellationToken);

    /// <summary>
    /// Schedule: app setting <c>FinanceFlow__Sources__concur__Fis__PollSchedule</c> (NCRONTAB with seconds; the host needs it to exist);
    /// takes the documents Concur still offers when <c>FinanceFlow__Sources__concur__Fis__Enabled</c> is true, and does nothing otherwise.
    /// </summary>
    [Function(nameof(PollConcurDocuments))]
    public async Task PollConcurDocuments(
        [TimerTrigger("%FinanceFlow:Sources:concur:Fis:PollSchedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await concurPoll.PollAsync(client, cancellationToken);

    /// <summary>Schedule: app setting <c>FinanceFlow__MasterData__SyncSchedule</c> (NCRONTAB with seconds); the host does not start without it.</summary>
    [Function(nameof(SyncMasterData))]
    public async Task SyncMasterData(
        [TimerTrigger("%FinanceFlow:MasterData:SyncSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken) =>
        await sync.RunAsync(MasterDataSync.SystemActor, cancellationToken);
}
