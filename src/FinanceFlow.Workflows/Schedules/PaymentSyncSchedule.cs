using Microsoft.DurableTask;

namespace FinanceFlow.Workflows.Schedules;

/// <summary>
/// The self-host's scheduling of the payment sync (<c>FinanceFlow:PaymentSync:Schedule</c>, when <c>Enabled</c>); the Functions app
/// has the <c>SyncPayments</c> timer trigger instead.
/// </summary>
public static class PaymentSyncSchedule
{
    /// <summary>One instance per task hub.</summary>
    public const string InstanceId = "schedule:payment-sync";

    public static Task<string> RunAsync(TaskOrchestrationContext context, PullScheduleInput input) =>
        RecurringSchedule.RunAsync(context, input, nameof(ScheduleActivities.SyncPayments));
}
