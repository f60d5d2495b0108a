using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.MasterData;
using FinanceFlow.Workflows.PaymentSync;
using FinanceFlow.Workflows.Reconciliation;
using FinanceFlow.Workflows.Sources;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Workflows.Schedules;

/// <summary>The work a schedule runs. Self-host only: in Functions timer triggers call the same services directly.</summary>
public sealed class ScheduleActivities(ExpensifyPull pull, MasterDataSync sync, LedgerReconciliationRunner reconciliation, LedgerPaymentSync payments, ConcurDocumentPoll concurPoll, DurableTaskClient client)
{
    public async Task<string> ReconcileLedgers(CancellationToken cancellationToken) =>
        (await reconciliation.RunAsync(LedgerReconciliationRunner.ScheduleActor, client, cancellationToken)).ToString();

    public async Task<string> PullExpensifyReports(CancellationToken cancellationToken) =>
        (await pull.PullAsync(client, cancellationToken)).ToString();

    public async Task<string> SyncPayments(CancellationToken cancellationToken) =>
        (await payments.RunAsync(client, cancellationToken)).ToString();

    public async Task<string> PollConcurDocuments(CancellationToken cancellationToken) =>
        (await concurPoll.PollAsync(client, cancellationToken)).ToString();

    public async Task<string> SyncMasterData(CancellationToken cancellationToken) =>
        (await sync.RunAsync(MasterDataSync.SystemActor, cancellationToken)).ToString();
}
