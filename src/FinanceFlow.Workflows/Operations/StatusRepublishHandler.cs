using FinanceFlow.Core.Messaging;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Http;
using FinanceFlow.Workflows.Posting;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Workflows.Operations;

/// <summary>
/// <c>POST /api/v1/reports/{source}/{reportId}/status-events/republish[?target=name]</c>: sends the report's latest outcome event (and its
/// <c>paid</c> event, when paid) again to every configured status target, or the named one. The events are rebuilt with the builder the
/// orchestration uses, so their ids are the ones first published and consumers that de-duplicate drop what they already have.
/// </summary>
public sealed class StatusRepublishHandler(IReportStatusStore statuses, IAuditTrail audit, StatusPublishing statusFanOut)
{
    public const string TargetQuery = "target";

    public async Task<IResult> RepublishAsync(HttpRequest request, string source, string reportId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var key = new ReportKey(source.ToLowerInvariant(), reportId);
        var row = await statuses.GetAsync(key, cancellationToken);
        if (row is null)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "report-not-found", "Report not found", $"No report {reportId} has been received from '{source}'.");
        }

        var targets = statusFanOut.Plan();
        if (request.Query[TargetQuery].ToString() is { Length: > 0 } name)
        {
            targets = [.. targets.Where(t => string.Equals(t.Name, name, StringComparison.Ordinal))];
            if (targets.Count == 0)
            {
                var configured = statusFanOut.Plan().Select(t => $"'{t.Name}'").ToList();
                return Problems.Create(StatusCodes.Status400BadRequest, "unknown-status-target", "Unknown status target",
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

        var step = new StepContext(key.Source, key.ReportId, row.Version, row.InstanceId, CallerIdentity.Of(request));
        var perTarget = await Task.WhenAll(targets.Select(t => SendAsync(step, t, events, cancellationToken)));
        var results = perTarget.SelectMany(r => r).ToList();
        if (paidMissing is { } missing)
        {
            results.AddRange(targets.Select(t => new StatusRepublishResult(t.Name, missing.Id, StatusEventTypes.Paid, false, missing.Error)));
        }

        return Results.Json(new StatusRepublishView(key.Source, key.ReportId, row.Version, results), FinanceFlowJson.Options);
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

    private static IResult Conflict(string type, string detail) =>
        Problems.Create(StatusCodes.Status409Conflict, type, "Republish not possible", detail);
}

/// <summary>The answer of a re-send: one result per (target, event).</summary>
public sealed record StatusRepublishView(string Source, string ReportId, int Version, IReadOnlyList<StatusRepublishResult> Results);
