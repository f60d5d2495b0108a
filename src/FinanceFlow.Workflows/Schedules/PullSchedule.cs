using Microsoft.DurableTask;

namespace FinanceFlow.Workflows.Schedules;

/// <summary>The input of a <see cref="RecurringSchedule"/>: an NCRONTAB expression with seconds, the format of Functions timer triggers.</summary>
/// <param name="Cron">Null: run once (with <paramref name="RunNow"/>) and complete.</param>
/// <param name="RunNow">Run at once instead of waiting for the first occurrence (start-up runs); the next round waits again.</param>
public sealed record PullScheduleInput(string? Cron, bool RunNow = false);

/// <summary>The self-host's own scheduling of the Expensify pull; the Functions app uses a timer trigger with the same expression.</summary>
public static class ExpensifyPullSchedule
{
    /// <summary>One instance per task hub.</summary>
    public const string InstanceId = "schedule:expensify-pull";

    public static Task<string> RunAsync(TaskOrchestrationContext context, PullScheduleInput input) =>
        RecurringSchedule.RunAsync(context, input, nameof(ScheduleActivities.PullExpensifyReports));
}
