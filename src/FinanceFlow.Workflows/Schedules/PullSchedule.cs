using Microsoft.DurableTask;
using NCrontab;

namespace FinanceFlow.Workflows.Schedules;

/// <summary>The schedule of a recurring pull: an NCRONTAB expression with seconds, the format of Functions timer triggers.</summary>
public sealed record PullScheduleInput(string Cron);

/// <summary>
/// The self-host's own scheduling of the Expensify pull: an eternal orchestration that waits on a durable timer until the
/// next occurrence, runs the pull, and continues as new. The Functions app uses a timer trigger with the same expression.
/// </summary>
public static class ExpensifyPullSchedule
{
    /// <summary>One instance per task hub.</summary>
    public const string InstanceId = "schedule:expensify-pull";

    public static async Task<string> RunAsync(TaskOrchestrationContext context, PullScheduleInput input)
    {
        var next = NextOccurrence(input.Cron, context.CurrentUtcDateTime);
        await context.CreateTimer(next, CancellationToken.None);
        var summary = await context.CallActivityAsync<string>(nameof(ScheduleActivities.PullExpensifyReports));
        context.ContinueAsNew(input);
        return summary;
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/> (UTC).</summary>
    public static DateTime NextOccurrence(string cron, DateTime after) =>
        CrontabSchedule.Parse(cron, new CrontabSchedule.ParseOptions { IncludingSeconds = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 })
            .GetNextOccurrence(DateTime.SpecifyKind(after, DateTimeKind.Utc));
}
