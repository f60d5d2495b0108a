using FinanceFlow.Core.Messaging;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Workflows.Operations;

/// <summary>
/// Re-sending status events (<c>POST /api/v1/reports/{source}/{reportId}/status-events/republish[?target=name]</c>): the report's latest outcome event (and its
/// <c>paid</c> event, when paid) again to every configured status target, or the named one. The events are rebuilt with the builder the
/// orchestration uses, so their ids are the ones first published and consumers that de-duplicate drop what they already have.
/// </summary>
public sealed class StatusRepublish(IReportStatusStore statuses, IAuditTrail audit, StatusPublishing statusFanOut)
{
    /// <summary>The query parameter that names one target.</summary>
    public const string TargetQuery = "target";

    /// <summary>Sends the events to every target, or to the one named <paramref name="target"/>.</summary>
    public async Task<Answer<StatusRepublishView>> RepublishAsync(ReportKey key, string? target, string actor, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var reportId = key.ReportId;
        var row = await statuses.GetAsync(key, cancellationToken);
        if (row is null)
        {
            return ReportQuery.ReportNotFound(key);
        }

        var targets = statusFanOut.Plan();
        if (target is { Length: > 0 } name)
        {
            targets = [.. targets.Where(t => string.Equals(t.Name, name, StringComparison.Ordinal))];
            if (targets.Count == 0)
            {
                var configured = statusFanOut.Plan().Select(t => $"'{t.Name}'").ToList();
                return Refusal.Invalid("unknown-status-target", "Unknown status target",
                    $"No status target is named '{name}'. Configured: {(configured.Count == 0 ? "none" : string.Join(", ", configured))}.",
                    [new ProblemFieldError("/" + TargetQuery, $"'{name}' is not a configured status target.")]);
            }
        }

        var instance = await client.GetInstanceAsync(row.InstanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return Conflict("history-purged", $"The run {row.InstanceId} has been purged, so its outcome event cannot be rebuilt; have the source deliver the report again.");
        }

        if (instance.RuntimeStatus is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended)
        {
            return Conflict("still-running", $"Report {reportId} v{row.Version} is still being processed ({instance.RuntimeStatus}); its run publishes the outcome when it ends.");
        }

        if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Completed || instance.ReadOutputAs<ReportResult>() is not { } result)
        {
            return Conflict("no-outcome", $"The run {row.InstanceId} ended {instance.RuntimeStatus} without an outcome, so there is no outcome event to send again.");
        }

        // The orchestration stamps the event with its clock at the end of the run; the instance's last update is that moment, give or take the final writes.
        List<StatusCloudEvent> events = [StatusEvents.ForResult(result, row.InstanceId, instance.LastUpdatedAt)];
        (string Id, string Error)? paidMissing = null;
        if (PaidEventRebuild.For(row, await audit.ReadAsync(key, cancellationToken)) is (var paid, var paidId, var error))
        {
            if (paid is not null)
            {
                events.Add(paid);
            }
            else
            {
                paidMissing = (paidId, error!);
            }
        }

        var step = new StepContext(key.Source, key.ReportId, row.Version, row.InstanceId, actor);
        var perTarget = await Task.WhenAll(targets.Select(t => SendAsync(step, t, events, cancellationToken)));
        var results = perTarget.SelectMany(r => r).ToList();
        if (paidMissing is { } missing)
        {
            results.AddRange(targets.Select(t => new StatusRepublishResult(t.Name, missing.Id, StatusEventTypes.Paid, false, missing.Error)));
        }

        return new StatusRepublishView(key.Source, key.ReportId, row.Version, results);
    }

    /// <summary>One target's events in the order they were first sent: the outcome, then <c>paid</c>.</summary>
    private async Task<List<StatusRepublishResult>> SendAsync(StepContext step, StatusTargetPlan target, List<StatusCloudEvent> events, CancellationToken cancellationToken)
    {
        var results = new List<StatusRepublishResult>(events.Count);
        foreach (var statusEvent in events)
        {
            results.Add(await statusFanOut.RepublishAsync(step, target, statusEvent, cancellationToken));
        }

        return results;
    }

    private static Refusal Conflict(string type, string detail) => Refusal.Conflict(type, "Republish not possible", detail);
}

/// <summary>The answer of a re-send: one result per (target, event).</summary>
public sealed record StatusRepublishView(string Source, string ReportId, int Version, IReadOnlyList<StatusRepublishResult> Results);
