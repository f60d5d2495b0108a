using FinanceFlow.Core.Messaging;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.DurableTask;

namespace FinanceFlow.Workflows.StatusFanOut;

/// <summary>
/// The orchestration's status fan-out: <c>accepted</c> to every target when the run starts, the outcome's event when it ends. Each
/// (target, event) is its own activity call with the target's own retry policy, so a target that is down neither holds back nor fails
/// the others; per target, the outcome's event waits for <c>accepted</c>, so each target sees a report's events in order.
/// </summary>
internal sealed class StatusFanOutSteps
{
    private static readonly TaskOptions RecordRetry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    private readonly TaskOrchestrationContext _context;
    private readonly StepContext _step;
    private readonly IReadOnlyList<StatusTargetPlan> _targets;
    private readonly Task[] _accepted;

    private StatusFanOutSteps(TaskOrchestrationContext context, StepContext step, IReadOnlyList<StatusTargetPlan> targets, Task[] accepted)
    {
        _context = context;
        _step = step;
        _targets = targets;
        _accepted = accepted;
    }

    /// <summary>Starts publishing <c>accepted</c> without waiting for it: the pipeline does not wait for consumers.</summary>
    public static StatusFanOutSteps Start(TaskOrchestrationContext context, StepContext step, ProcessReportInput input)
    {
        var targets = input.StatusTargets ?? [];
        if (targets.Count == 0)
        {
            return new StatusFanOutSteps(context, step, targets, []);
        }

        var accepted = StatusEvents.Accepted(input, step.CorrelationId, context.CurrentUtcDateTime);
        return new StatusFanOutSteps(context, step, targets, [.. targets.Select(target => PublishAsync(context, step, target, accepted))]);
    }

    /// <summary>Publishes the outcome's event to every target; completes when every target took it or gave up. Never throws a task failure.</summary>
    public Task PublishOutcomeAsync(ReportResult result) =>
        PublishAfterAcceptedAsync(() => StatusEvents.ForResult(result, _step.CorrelationId, _context.CurrentUtcDateTime));

    /// <summary>The exception reminder to every target, after its <c>accepted</c>; completes when every target took it or gave up.</summary>
    public Task PublishReminderAsync(ReportResult waiting, Core.Model.OpenException exception) =>
        PublishAfterAcceptedAsync(() => StatusEvents.ExceptionReminder(waiting, exception, _step.CorrelationId, _context.CurrentUtcDateTime));

    // Per target, after that target's accepted: each target sees a report's events in order.
    private Task PublishAfterAcceptedAsync(Func<StatusCloudEvent> create)
    {
        if (_targets.Count == 0)
        {
            return Task.CompletedTask;
        }

        var statusEvent = create();
        return Task.WhenAll(_targets.Select((target, i) => AfterAsync(_accepted[i], target, statusEvent)));
    }

    /// <summary>The Durable retry policy of one target's publish activity.</summary>
    public static TaskOptions Retry(StatusTargetPlan target) => TaskOptions.FromRetryPolicy(new RetryPolicy(
        target.MaxAttempts, TimeSpan.FromSeconds(target.FirstRetrySeconds), target.BackoffCoefficient, TimeSpan.FromSeconds(target.MaxRetrySeconds)));

    private async Task AfterAsync(Task accepted, StatusTargetPlan target, StatusCloudEvent outcome)
    {
        await accepted;
        await PublishAsync(_context, _step, target, outcome);
    }

    private static async Task PublishAsync(TaskOrchestrationContext context, StepContext step, StatusTargetPlan target, StatusCloudEvent statusEvent)
    {
        string error;
        try
        {
            await context.CallActivityAsync<string>(nameof(StatusFanOutActivities.PublishStatus), new PublishStatusRequest(step, target, statusEvent), Retry(target));
            return;
        }
        catch (TaskFailedException ex)
        {
            error = ex.FailureDetails.ErrorMessage;
        }

        try
        {
            await context.CallActivityAsync<bool>(nameof(StatusFanOutActivities.RecordPublishFailed), new PublishFailure(step, target, statusEvent, error), RecordRetry);
        }
        catch (TaskFailedException)
        {
            // Each attempt already left its own AttemptFailed row; the report's outcome stands.
        }
    }
}
