using Microsoft.DurableTask;

namespace FinanceFlow.Workflows.Schedules;

/// <summary>
/// The self-host's scheduling of the nightly reconciliation (<c>FinanceFlow:Reconciliation:Schedule</c>); the Functions app has
/// the <c>ReconcileLedgers</c> timer trigger instead.
/// </summary>
public static class ReconciliationSchedule
{
    /// <summary>One instance per task hub.</summary>
    public const string InstanceId = "schedule:reconciliation";

    public static Task<string> RunAsync(TaskOrchestrationContext context, PullScheduleInput input) =>
        RecurringSchedule.RunAsync(context, input, nameof(ScheduleActivities.ReconcileLedgers));
}
