using Microsoft.DurableTask;

namespace FinanceFlow.Workflows.Schedules;

/// <summary>
/// The self-host's scheduling of the master-data sync (<c>FinanceFlow:MasterData:SyncSchedule</c>), and its start-up run
/// (<c>SyncOnStartup</c>); the Functions app has the <c>SyncMasterData</c> timer trigger instead.
/// </summary>
public static class MasterDataSyncSchedule
{
    /// <summary>One instance per task hub.</summary>
    public const string InstanceId = "schedule:masterdata-sync";

    public static Task<string> RunAsync(TaskOrchestrationContext context, PullScheduleInput input) =>
        RecurringSchedule.RunAsync(context, input, nameof(ScheduleActivities.SyncMasterData));
}
