using Microsoft.DurableTask;

namespace FinanceFlow.Workflows.Schedules;

/// <summary>
/// The self-host's scheduling of the Concur document-list poll (<c>FinanceFlow:Sources:concur:Fis:PollSchedule</c>, when FIS is
/// enabled); the Functions app has the <c>PollConcurDocuments</c> timer trigger instead.
/// </summary>
public static class ConcurPollSchedule
{
    /// <summary>One instance per task hub.</summary>
    public const string InstanceId = "schedule:concur-poll";

    public static Task<string> RunAsync(TaskOrchestrationContext context, PullScheduleInput input) =>
        RecurringSchedule.RunAsync(context, input, nameof(ScheduleActivities.PollConcurDocuments));
}
