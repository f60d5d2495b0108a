using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.CashAdvances;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.Reconciliation;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Operations;

/// <summary>What one sweep found: reports still Pending, those stuck, and what it did about them.</summary>
/// <param name="AdvancesReleased">Reports that waited for a cash advance's issuance, run again once every advance they apply is posted.</param>
public sealed record WatchdogSweep(DateTimeOffset At, int Pending, int Stuck, int Redriven, int LeftForOps, int ErpRetried = 0, int AdvancesReleased = 0)
{
    public override string ToString() =>
        $"Watchdog: {Pending} pending, {Stuck} stuck, {Redriven} run again, {LeftForOps} left for finance ops (exception queue, kind stuck); "
        + $"{ErpRetried} failed on an unreachable ERP or storage run again; {AdvancesReleased} waiting for a cash advance run again";
}

/// <summary>
/// Finds report runs that stopped moving — Pending or Running without a change for <see cref="WatchdogOptions.StuckAfter"/>, failed
/// without a final status, or accepted at intake but never started (the start failed half-way during an outage) — and runs each
/// again under its instance id, at most <see cref="WatchdogOptions.AutoRedrives"/> times. A Running one is stopped first (one
/// terminate) and started on a later sweep, once the engine confirms it stopped. The posting log keeps the ERP from
/// getting a report twice, so running again is safe at any step. A report that waits for a cash advance's issuance
/// (<see cref="CashAdvanceIssuance.NotIssued"/>) runs again once every advance it applies is posted. Every action leaves an audit row.
/// </summary>
public sealed class StuckRunWatchdog(
    IReportStatusStore statuses,
    CashAdvanceIssuance advances,
    IAuditTrail audit,
    IOptionsMonitor<WatchdogOptions> options,
    IOptionsMonitor<ReconciliationOptions> reconciliation,
    IOptionsMonitor<FinanceFlowOptions> flow,
    TimeProvider time,
    ILogger<StuckRunWatchdog> logger)
{
    /// <summary>The actor of the watchdog's audit rows and of the runs it starts.</summary>
    public const string Actor = "watchdog";

    public async Task<WatchdogSweep> SweepAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = options.CurrentValue;
        var stuckAfter = settings.StuckAfterOr(reconciliation.CurrentValue);
        var rows = await statuses.ListByOutcomeAsync([ReportOutcome.Pending], cancellationToken);
        int stuck = 0, redriven = 0, left = 0;
        foreach (var row in rows.Where(r => now - r.UpdatedAt > stuckAfter))
        {
            var instance = await client.GetInstanceAsync(row.InstanceId, getInputsAndOutputs: true, cancellationToken);
            if (instance is { IsCompleted: false } && now - instance.LastUpdatedAt <= stuckAfter)
            {
                continue; // The run moves; only its status row is quiet.
            }

            stuck++;
            var since = instance is null || instance.LastUpdatedAt < row.UpdatedAt ? row.UpdatedAt : instance.LastUpdatedAt;
            var what = $"at stage {row.Stage}, run {(instance is null ? "never started" : instance.RuntimeStatus.ToString())}, no change since {since:yyyy-MM-dd HH:mm:ss} UTC";
            var key = new ReportKey(row.Source, row.ReportId);
            var history = (await audit.ReadAsync(key, cancellationToken)).Where(r => r.Version == row.Version && r.Step == AuditSteps.Watchdog).ToList();
            var redrives = history.Count(r => r.Outcome == AuditOutcomes.Redriven);
            var input = instance?.ReadInputAs<ProcessReportInput>() ?? FromStatusRow(row);
            if (redrives >= settings.AutoRedrives || input is null)
            {
                left++;
                if (history.LastOrDefault()?.Outcome != AuditOutcomes.Stuck)
                {
                    var why = input is null ? "its raw payload is not known, so it cannot be started here" : $"run again {redrives} time(s) already";
                    await AppendAsync(row, AuditOutcomes.Stuck, $"Stuck {what}; {why}. Look at the run, then POST /api/v1/reports/{row.Source}/{row.ReportId}/retry.", cancellationToken);
                }

                continue;
            }

            if (instance is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended })
            {
                // Stopped first, and only once: a second terminate still queued would stop the new run too. It starts on a later sweep.
                if (history.LastOrDefault()?.Outcome != AuditOutcomes.Stopped)
                {
                    await client.TerminateInstanceAsync(row.InstanceId, new TerminateInstanceOptions { Output = "Stopped by the watchdog: no progress; it runs again." }, cancellationToken);
                    await AppendAsync(row, AuditOutcomes.Stopped, $"Stuck {what}; stopped, to run again once the engine confirms.", cancellationToken);
                }

                continue;
            }

            if (instance is { RuntimeStatus: OrchestrationRuntimeStatus.Terminated } && history.LastOrDefault()?.Outcome != AuditOutcomes.Stopped)
            {
                // Stopped by a person, not by the watchdog: theirs to decide.
                left++;
                continue;
            }

            await RedriveAsync(client, row, instance, input, cancellationToken);
            redriven++;
            await AppendAsync(row, AuditOutcomes.Redriven, $"Stuck {what}; run again ({redrives + 1} of {settings.AutoRedrives}).", cancellationToken);
            logger.LogWarning("Watchdog ran {Source} report {ReportId} v{Version} again: stuck {What}", row.Source, row.ReportId, row.Version, what);
        }

        var erpRetried = await RetryAfterOutageAsync(client, now, settings, stuckAfter, cancellationToken);
        var released = await ReleaseAdvanceWaitersAsync(client, cancellationToken);
        var sweep = new WatchdogSweep(now, rows.Count, stuck, redriven, left, erpRetried, released);
        if (stuck > 0)
        {
            logger.LogWarning("{Sweep}", sweep.ToString());
        }

        return sweep;
    }

    /// <summary>
    /// Reports whose posting failed only because the ERP could not be reached through every retry run again once
    /// <see cref="WatchdogOptions.ErpRetryAfter"/> has passed, up to <see cref="WatchdogOptions.ErpRetries"/> times: an ERP outage
    /// longer than the posting retries heals by itself. Those that failed because FinanceFlow's own storage stayed away run again
    /// once the stuck time has passed, from the same budget. A journal the ERP refused is left to finance ops.
    /// </summary>
    private async Task<int> RetryAfterOutageAsync(DurableTaskClient client, DateTimeOffset now, WatchdogOptions settings, TimeSpan stuckAfter, CancellationToken cancellationToken)
    {
        if (settings.ErpRetries == 0)
        {
            return 0;
        }

        var retried = 0;
        var failed = await statuses.ListByOutcomeAsync([ReportOutcome.PostingFailed], cancellationToken);
        var due = failed.Where(r =>
            (PostingFailures.IsErpUnreachable(r.FailureReason) && now - r.UpdatedAt > settings.ErpRetryAfter)
            || (PostingFailures.IsStorageUnreachable(r.FailureReason) && now - r.UpdatedAt > stuckAfter));
        foreach (var row in due)
        {
            var history = (await audit.ReadAsync(new ReportKey(row.Source, row.ReportId), cancellationToken))
                .Count(r => r.Version == row.Version && r.Step == AuditSteps.Watchdog && r.Outcome == AuditOutcomes.ErpRetried);
            var instance = await client.GetInstanceAsync(row.InstanceId, getInputsAndOutputs: true, cancellationToken);
            if (history >= settings.ErpRetries || instance is not { IsCompleted: true } || instance.ReadInputAs<ProcessReportInput>() is not { } input)
            {
                continue;
            }

            await RedriveAsync(client, row, instance, input, cancellationToken);
            retried++;
            await AppendAsync(row, AuditOutcomes.ErpRetried, $"{row.FailureReason} Run again ({history + 1} of {settings.ErpRetries}).", cancellationToken);
            logger.LogWarning("Watchdog ran {Source} report {ReportId} v{Version} again after an outage: {Reason}", row.Source, row.ReportId, row.Version, row.FailureReason);
        }

        return retried;
    }

    /// <summary>
    /// Reports that wait (<see cref="ReportOutcome.AwaitingMasterData"/>) only because a cash advance they apply was not posted yet run
    /// again once every one of those advances is posted: Concur does not promise the issuance's event before the report's.
    /// </summary>
    private async Task<int> ReleaseAdvanceWaitersAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var released = 0;
        var waiting = await statuses.ListByOutcomeAsync([ReportOutcome.AwaitingMasterData], cancellationToken);
        foreach (var row in waiting.Where(r => r.RawBlobName is not null && r.Findings.Any(f => f.Code == CashAdvanceIssuance.NotIssued)))
        {
            if ((await advances.UnissuedAsync(row.RawBlobName!, cancellationToken)).Findings.Count > 0)
            {
                continue;
            }

            var instance = await client.GetInstanceAsync(row.InstanceId, getInputsAndOutputs: true, cancellationToken);
            if (instance is not { IsCompleted: true } || instance.ReadInputAs<ProcessReportInput>() is not { } input)
            {
                continue;
            }

            await RedriveAsync(client, row, instance, input, cancellationToken);
            released++;
            await AppendAsync(row, AuditOutcomes.Redriven, "Every cash advance the report applies is posted now; run again.", cancellationToken);
            logger.LogInformation("Watchdog ran {Source} report {ReportId} v{Version} again: the cash advances it applies are posted", row.Source, row.ReportId, row.Version);
        }

        return released;
    }

    private async Task RedriveAsync(DurableTaskClient client, ReportStatusRecord row, OrchestrationMetadata? instance, ProcessReportInput original, CancellationToken cancellationToken)
    {
        if (instance is { RuntimeStatus: OrchestrationRuntimeStatus.Pending })
        {
            // Created but never executed (its start message was lost): no execution for a terminate to reach, so start over clean.
            await client.PurgeInstanceAsync(row.InstanceId, cancellation: cancellationToken);
        }

        var settings = flow.CurrentValue;
        var input = ReportAdmission.WithPlans(original with { Actor = Actor }, settings);

        // As a retry: the row goes back to Pending before the run starts, so the run's own final write is the last one.
        await statuses.UpsertAsync(row with { Stage = ReportStage.Received, Outcome = ReportOutcome.Pending, FailureReason = null, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(ProcessExpenseReport), input, new StartOrchestrationOptions(row.InstanceId), cancellationToken);
    }

    /// <summary>The input admission would have started the run with, for a report whose run never started.</summary>
    private ProcessReportInput? FromStatusRow(ReportStatusRecord row) =>
        row.RawBlobName is null
            ? null
            : new ProcessReportInput(
                row.Source, row.ReportId, row.Version, row.RawBlobName, Path.GetFileNameWithoutExtension(row.RawBlobName), row.ReceivedAt, Actor,
                ReportAdmission.RetryPlan(flow.CurrentValue.PostingRetry)); // the redrive sets every plan (ReportAdmission.WithPlans)

    private Task AppendAsync(ReportStatusRecord row, string outcome, string detail, CancellationToken cancellationToken) =>
        audit.AppendAsync(
            new AuditRecord(new ReportKey(row.Source, row.ReportId), row.Version, time.GetUtcNow(), AuditSteps.Watchdog, outcome, Actor, row.InstanceId, Sha256.Hex(row.InstanceId), detail),
            cancellationToken);
}
