using FinanceFlow.Core.Exceptions;
using FinanceFlow.Core.Model;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.DurableTask;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>
/// A report whose only blocking findings are overridable waits for a person: its row shows <see cref="ReportOutcome.AwaitingResolution"/>
/// with the open exception, a reminder goes out before the deadline, and the run goes on with the first decision about this exception
/// (external event <see cref="EventName"/>) or ends when the deadline passes. Deterministic: the context's clock and durable timers only.
/// </summary>
internal static class ExceptionWait
{
    /// <summary>The external event a resolution is raised as (<c>POST …/resolution</c>).</summary>
    public const string EventName = "ExceptionResolved";

    private static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    /// <summary>True when the run should wait: every blocking finding is overridable, and waiting is on.</summary>
    public static bool Applies(ProcessReportInput input, IReadOnlyList<Finding> findings) =>
        input.ExceptionWait is not null
        && findings.Any(f => f.Severity == FindingSeverity.Error)
        && findings.Where(f => f.Severity == FindingSeverity.Error).All(f => f.Overridable);

    /// <summary>Opens the exception and waits; the decision about it, or null when the deadline passed first.</summary>
    public static async Task<ExceptionResolution?> WaitAsync(
        TaskOrchestrationContext context, StepContext step, ProcessReportInput input, ExpenseReport report, ReportResult waiting, StatusFanOutSteps fanOut)
    {
        var plan = input.ExceptionWait!;
        var now = context.CurrentUtcDateTime;
        var deadline = BusinessDays.Add(now, plan.TimeoutBusinessDays);
        var remindAt = plan.ReminderBusinessDaysBefore > 0 ? BusinessDays.Add(deadline, -plan.ReminderBusinessDaysBefore) : deadline;
        var exception = new OpenException(
            $"{context.InstanceId}:{input.ExceptionRound}", Utc(now), Utc(remindAt), Utc(deadline), Parties(report));

        context.SetCustomStatus(new ReportProgress(ReportStage.AwaitingResolution, $"until {exception.Deadline:yyyy-MM-dd HH:mm} UTC"));
        await context.CallActivityAsync<bool>(
            nameof(OutcomeActivities.OpenException), new OpenExceptionRequest(step, waiting, exception, input.ReceivedAt, input.RawBlobName), StepRetry);

        using var timers = new CancellationTokenSource();
        var decided = DecisionAsync(context, exception.Id);
        if (remindAt > now && remindAt < deadline)
        {
            var reminder = context.CreateTimer(remindAt, timers.Token);
            if (await Task.WhenAny(decided, reminder) == reminder)
            {
                await Task.WhenAll(
                    fanOut.PublishReminderAsync(waiting, exception),
                    context.CallActivityAsync<bool>(nameof(OutcomeActivities.RecordExceptionStep), new ExceptionStepRequest(step, exception, null, Reminder: true), StepRetry));
            }
        }

        if (!decided.IsCompleted)
        {
            var expiry = context.CreateTimer(deadline, timers.Token);
            if (await Task.WhenAny(decided, expiry) == expiry)
            {
                await context.CallActivityAsync<bool>(nameof(OutcomeActivities.RecordExceptionStep), new ExceptionStepRequest(step, exception, null), StepRetry);
                return null;
            }
        }

        // The timer still pending would keep the run open: cancel it.
        timers.Cancel();
        var resolution = await decided;
        await context.CallActivityAsync<bool>(
            nameof(OutcomeActivities.RecordExceptionStep), new ExceptionStepRequest(step with { Actor = resolution.Resolver }, exception, resolution), StepRetry);
        return resolution;
    }

    /// <summary>The findings a person overrode: each blocking overridable one becomes a warning that names who and why.</summary>
    public static IReadOnlyList<Finding> Overridden(IReadOnlyList<Finding> findings, ExceptionResolution resolution) =>
        [.. findings.Select(f => f is { Severity: FindingSeverity.Error, Overridable: true }
            ? f with { Severity = FindingSeverity.Warning, Message = $"{f.Message} Overridden by {resolution.Resolver} at {resolution.At:yyyy-MM-dd HH:mm} UTC: {resolution.Reason}" }
            : f)];

    // A decision about an earlier round (a double click arriving after a fix-and-retry) names another exception id: ignored.
    private static async Task<ExceptionResolution> DecisionAsync(TaskOrchestrationContext context, string exceptionId)
    {
        while (true)
        {
            var resolution = await context.WaitForExternalEvent<ExceptionResolution>(EventName);
            if (resolution is not null && resolution.ExceptionId == exceptionId && ResolutionActions.All.Contains(resolution.Action))
            {
                return resolution;
            }
        }
    }

    private static IReadOnlyList<ExceptionParty> Parties(ExpenseReport report) =>
    [
        new("employee", report.Employee.Id, report.Employee.Email),
        new("submitter", report.Submitter.Id, report.Submitter.Email),
        .. report.Approvals.Select(a => new ExceptionParty("approver", a.Approver.Id, a.Approver.Email)),
    ];

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
