using FinanceFlow.Workflows.Catalog;
using Microsoft.DurableTask;

namespace FinanceFlow.Workflows.Schedules;

/// <summary>Schedules the self-host runs as eternal orchestrations; the Functions app has timer triggers instead.</summary>
public static class ScheduleCatalog
{
    public static IReadOnlyList<OrchestratorRegistration> Orchestrators { get; } =
    [
        new(nameof(ExpensifyPullSchedule), () => FuncTaskOrchestrator.Create<PullScheduleInput, string>(
            (context, input) => ExpensifyPullSchedule.RunAsync(context, input ?? throw new ArgumentNullException(nameof(input))))),
        new(nameof(MasterDataSyncSchedule), () => FuncTaskOrchestrator.Create<PullScheduleInput, string>(
            (context, input) => MasterDataSyncSchedule.RunAsync(context, input ?? throw new ArgumentNullException(nameof(input))))),
        new(nameof(ReconciliationSchedule), () => FuncTaskOrchestrator.Create<PullScheduleInput, string>(
            (context, input) => ReconciliationSchedule.RunAsync(context, input ?? throw new ArgumentNullException(nameof(input))))),
        new(nameof(PaymentSyncSchedule), () => FuncTaskOrchestrator.Create<PullScheduleInput, string>(
            (context, input) => PaymentSyncSchedule.RunAsync(context, input ?? throw new ArgumentNullException(nameof(input))))),
        new(nameof(ConcurPollSchedule), () => FuncTaskOrchestrator.Create<PullScheduleInput, string>(
            (context, input) => ConcurPollSchedule.RunAsync(context, input ?? throw new ArgumentNullException(nameof(input))))),
    ];

    public static IReadOnlyList<ActivityRegistration> Activities { get; } =
    [
        Activity(nameof(ScheduleActivities.PullExpensifyReports), (activities, ct) => activities.PullExpensifyReports(ct)),
        Activity(nameof(ScheduleActivities.SyncMasterData), (activities, ct) => activities.SyncMasterData(ct)),
        Activity(nameof(ScheduleActivities.ReconcileLedgers), (activities, ct) => activities.ReconcileLedgers(ct)),
        Activity(nameof(ScheduleActivities.SyncPayments), (activities, ct) => activities.SyncPayments(ct)),
        Activity(nameof(ScheduleActivities.PollConcurDocuments), (activities, ct) => activities.PollConcurDocuments(ct)),
    ];

    private static ActivityRegistration Activity(string name, Func<ScheduleActivities, CancellationToken, Task<string>> run) =>
        ActivityRegistration.WithoutInput(name, run);
}
