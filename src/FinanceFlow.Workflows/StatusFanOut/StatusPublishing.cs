using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Messaging;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.StatusFanOut;

/// <summary>
/// Publishes a status event to one configured target and leaves an audit row (step <see cref="Step"/>) naming the target for every
/// attempt: <c>Published</c>, <c>AttemptFailed</c>, and <c>Failed</c> once a target stayed down through its retries.
/// </summary>
public sealed class StatusPublishing(
    IEnumerable<IStatusPublisher> publishers,
    IOptionsMonitor<FinanceFlowOptions> options,
    StepAudit audit,
    TimeProvider time,
    ILogger<StatusPublishing> logger)
{
    public const string Step = AuditSteps.PublishStatus;

    /// <summary>The audit step of a manual re-send, one row per (target, event).</summary>
    public const string RepublishStep = AuditSteps.RepublishStatus;

    /// <summary>Attempts per target outside an orchestration, where a caller waits: the payment operation.</summary>
    public const int DirectMaxAttempts = 3;

    /// <summary>The configured targets with their retry policies, as the orchestration input carries them.</summary>
    public IReadOnlyList<StatusTargetPlan> Plan() => Plan(options.CurrentValue.StatusFanOut);

    public static IReadOnlyList<StatusTargetPlan> Plan(StatusFanOutSettings settings) =>
        [.. settings.Targets.Select((t, i) => new StatusTargetPlan(i, t.DisplayName, t.MaxAttempts, t.FirstRetrySeconds, t.BackoffCoefficient, t.MaxRetrySeconds))];

    /// <summary>One attempt; throws (after its audit row) when the target did not take the event, so the caller's retry policy decides.</summary>
    public async Task<string> PublishAsync(StepContext step, StatusTargetPlan target, StatusCloudEvent statusEvent, CancellationToken cancellationToken)
    {
        var label = Label(target, statusEvent);
        try
        {
            var settings = Resolve(target);
            var publisher = publishers.FirstOrDefault(p => p.Kind == settings.Kind)
                ?? throw new InvalidOperationException($"No publisher is registered for status targets of kind {settings.Kind}.");
            var answer = await publisher.PublishAsync(settings, statusEvent, StatusEventJson.Serialize(statusEvent), cancellationToken);
            await audit.RecordAsync(step, Step, AuditOutcomes.Published, statusEvent, $"{label}: {answer}", cancellationToken);
            return answer;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Status event {EventId} not published to target {Target}", statusEvent.Id, target.Name);
            await audit.RecordAsync(step, Step, AuditOutcomes.AttemptFailed, statusEvent, $"{label}: {ex.Message}", cancellationToken);
            throw;
        }
    }

    /// <summary>The row finance sees when a target stayed down through every attempt; the report's outcome stands.</summary>
    public Task RecordFailedAsync(StepContext step, StatusTargetPlan target, StatusCloudEvent statusEvent, string error, CancellationToken cancellationToken)
    {
        logger.LogError("Status event {EventId} not published to target {Target} after {Attempts} attempts: {Error}", statusEvent.Id, target.Name, target.MaxAttempts, error);
        return audit.RecordAsync(step, Step, AuditOutcomes.Failed, statusEvent, $"{Label(target, statusEvent)}: not published after {target.MaxAttempts} attempts: {error}", cancellationToken);
    }

    /// <summary>
    /// Outside an orchestration (the payment operation): every target in parallel, each with at most <see cref="DirectMaxAttempts"/>
    /// attempts and retry delays of at most a second, since the caller waits; a target still down gets its <c>Failed</c> row. Never throws for a target.
    /// </summary>
    public Task PublishToAllAsync(StepContext step, StatusCloudEvent statusEvent, CancellationToken cancellationToken) =>
        Task.WhenAll(Plan().Select(target => PublishWithRetriesAsync(step, target with { MaxAttempts = Math.Min(target.MaxAttempts, DirectMaxAttempts) }, statusEvent, cancellationToken)));

    /// <summary>
    /// A manual re-send (<c>POST …/status-events/republish</c>): like the payment operation, at most <see cref="DirectMaxAttempts"/> attempts,
    /// then one row, step <see cref="RepublishStep"/>, <c>StatusRepublished</c> or <c>Failed</c>, under the caller's name. Never throws for the target.
    /// </summary>
    public async Task<StatusRepublishResult> RepublishAsync(StepContext step, StatusTargetPlan target, StatusCloudEvent statusEvent, CancellationToken cancellationToken)
    {
        var direct = target with { MaxAttempts = Math.Min(target.MaxAttempts, DirectMaxAttempts) };
        var error = await TryPublishAsync(step, direct, statusEvent, cancellationToken);
        var label = Label(direct, statusEvent);
        await audit.RecordAsync(
            step, RepublishStep, error is null ? AuditOutcomes.StatusRepublished : AuditOutcomes.Failed, statusEvent,
            error is null ? label : $"{label}: not published after {direct.MaxAttempts} attempts: {error}", cancellationToken);
        return new StatusRepublishResult(target.Name, statusEvent.Id, statusEvent.Type, error is null, error);
    }

    private async Task PublishWithRetriesAsync(StepContext step, StatusTargetPlan target, StatusCloudEvent statusEvent, CancellationToken cancellationToken)
    {
        if (await TryPublishAsync(step, target, statusEvent, cancellationToken) is { } error)
        {
            await RecordFailedAsync(step, target, statusEvent, error, cancellationToken);
        }
    }

    /// <summary>Up to <see cref="StatusTargetPlan.MaxAttempts"/> attempts a second or less apart; null when published, else the last error.</summary>
    private async Task<string?> TryPublishAsync(StepContext step, StatusTargetPlan target, StatusCloudEvent statusEvent, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(Math.Min(target.FirstRetrySeconds, 1));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await PublishAsync(step, target, statusEvent, cancellationToken);
                return null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt >= target.MaxAttempts)
            {
                return ex.Message;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Audited by PublishAsync; try again.
            }

            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * target.BackoffCoefficient, 1));
        }
    }

    private StatusTargetSettings Resolve(StatusTargetPlan target)
    {
        var targets = options.CurrentValue.StatusFanOut.Targets;

        // The plan was fixed when the run started; a target removed or replaced since then is not guessed at.
        if (target.Index >= targets.Count || !string.Equals(targets[target.Index].DisplayName, target.Name, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{FinanceFlowOptions.SectionName}:StatusFanOut:Targets:{target.Index} is no longer '{target.Name}': the configuration changed after the run started.");
        }

        return targets[target.Index];
    }

    private static string Label(StatusTargetPlan target, StatusCloudEvent statusEvent) =>
        $"target {target.Index} '{target.Name}', {StatusEventTypes.Suffix(statusEvent.Type)} {statusEvent.Id}";
}
