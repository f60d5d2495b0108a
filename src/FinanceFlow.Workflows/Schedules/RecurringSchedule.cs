using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace FinanceFlow.Workflows.Schedules;

/// <summary>
/// The self-host's scheduling: an eternal orchestration that waits on a durable timer until the next occurrence, runs one
/// activity, and continues as new. The Functions app uses timer triggers with the same expressions instead.
/// </summary>
public static class RecurringSchedule
{
    /// <summary>
    /// Runs <paramref name="activity"/> at the next occurrence of the input's cron (at once when <see cref="PullScheduleInput.RunNow"/>),
    /// then continues as new; without a cron it runs once and completes. A failed run is logged and the schedule goes on.
    /// </summary>
    public static async Task<string> RunAsync(TaskOrchestrationContext context, PullScheduleInput input, string activity)
    {
        if (!input.RunNow)
        {
            if (string.IsNullOrWhiteSpace(input.Cron))
            {
                return "not scheduled";
            }

            await context.CreateTimer(NextOccurrence(input.Cron, context.CurrentUtcDateTime), CancellationToken.None);
        }

        string summary;
        try
        {
            summary = await context.CallActivityAsync<string>(activity);
        }
        catch (TaskFailedException ex)
        {
            // One failed run (storage down, a source unreachable) must not end the schedule: the next occurrence tries again.
            context.CreateReplaySafeLogger(nameof(RecurringSchedule)).LogError(ex, "Scheduled {Activity} failed: {Reason}", activity, ex.FailureDetails.ErrorMessage);
            summary = "failed: " + ex.FailureDetails.ErrorMessage;
        }

        if (!string.IsNullOrWhiteSpace(input.Cron))
        {
            context.ContinueAsNew(input with { RunNow = false });
        }

        return summary;
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/> (UTC).</summary>
    public static DateTime NextOccurrence(string cron, DateTime after) =>
        Parse(cron).GetNextOccurrence(DateTime.SpecifyKind(after, DateTimeKind.Utc));

    /// <summary>Why <paramref name="cron"/> is not an NCRONTAB expression (5 fields, or 6 with seconds), or null when it is.</summary>
    public static string? CronError(string cron)
    {
        try
        {
            _ = Parse(cron);
            return null;
        }
        catch (CrontabException ex)
        {
            return ex.Message;
        }
    }

    private static CrontabSchedule Parse(string cron) =>
        CrontabSchedule.Parse(cron, new CrontabSchedule.ParseOptions { IncludingSeconds = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 });
}
