using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Operations;

/// <summary>
/// <c>POST /api/v1/reports/{source}/{reportId}/resubmit</c>: starts a report whose run failed, was terminated, or ended
/// <see cref="ReportOutcome.PostingFailed"/> again from its kept raw payload, under its instance id — also when the run's history has been
/// purged, where <see cref="ReportRetry"/> cannot. The posting log (and the ERP look-up behind it) keeps the ERP from getting it twice.
/// </summary>
public sealed class ReportResubmit(
    IReportStatusStore statuses,
    IRawPayloadStore rawPayloads,
    IAuditTrail audit,
    IOptionsMonitor<FinanceFlowOptions> options,
    TimeProvider time)
{
    /// <summary>The instance id the report runs again under, or why it cannot.</summary>
    public async Task<Answer<string>> ResubmitAsync(ReportKey key, string actor, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var row = await statuses.GetAsync(key, cancellationToken);
        if (row is null)
        {
            return ReportQuery.ReportNotFound(key);
        }

        var instance = await client.GetInstanceAsync(row.InstanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance?.RuntimeStatus is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended)
        {
            return Conflict("still-running", $"Report {key.ReportId} v{row.Version} is still being processed ({instance.RuntimeStatus}); terminate it first if it is stuck.");
        }

        if (row.Outcome == ReportOutcome.Posted)
        {
            return Conflict("already-posted", $"Report {key.ReportId} v{row.Version} is already posted as {row.ErpDocumentNumber}.");
        }

        var ended = instance?.RuntimeStatus.ToString() ?? "unknown (its history is purged)";
        var resubmittable = instance?.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated
            || row.Outcome == ReportOutcome.PostingFailed
            || (instance is null && row.Outcome == ReportOutcome.Pending);
        if (!resubmittable)
        {
            return Conflict("not-resubmittable", row.Outcome switch
            {
                ReportOutcome.Rejected => $"Report {key.ReportId} v{row.Version} was rejected; the source must send a corrected version.",
                ReportOutcome.PostingInDoubt or ReportOutcome.AwaitingMasterData =>
                    $"Report {key.ReportId} v{row.Version} is {row.Outcome}: settle it with POST /api/v1/reports/{key.Source}/{key.ReportId}/retry.",
                _ => $"Report {key.ReportId} v{row.Version} is {row.Outcome} (run {ended}); only a failed, terminated or PostingFailed report is resubmitted.",
            });
        }

        var original = instance?.ReadInputAs<ProcessReportInput>();
        var rawBlob = row.RawBlobName ?? original?.RawBlobName;
        if (rawBlob is null)
        {
            return Conflict("raw-payload-unknown", $"The status row of report {key.ReportId} v{row.Version} names no kept payload; have the source deliver it again.");
        }

        try
        {
            // Read, not only looked up: a resubmit that cannot read its payload would fail in the run's first step instead.
            await rawPayloads.ReadAsync(rawBlob, cancellationToken);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return Conflict("raw-payload-missing", $"The kept payload {rawBlob} of report {key.ReportId} v{row.Version} is gone; have the source deliver it again.");
        }

        var settings = options.CurrentValue;
        var input = ReportAdmission.WithPlans(new ProcessReportInput(
            row.Source, row.ReportId, row.Version, rawBlob, original?.MessageId ?? Path.GetFileNameWithoutExtension(rawBlob), row.ReceivedAt, actor,
            ReportAdmission.RetryPlan(settings.PostingRetry)), settings);

        // As a retry: the row goes back to Pending before the run starts, so the run's own final write is the last one.
        var now = time.GetUtcNow();
        await statuses.UpsertAsync(row with { Stage = ReportStage.Received, Outcome = ReportOutcome.Pending, FailureReason = null, UpdatedAt = now }, cancellationToken);
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(ProcessExpenseReport), input, new StartOrchestrationOptions(row.InstanceId), cancellationToken);
        await audit.AppendAsync(
            new AuditRecord(key, row.Version, now, AuditSteps.ResubmitRequested, AuditOutcomes.Accepted, actor, row.InstanceId, Sha256.Hex(rawBlob),
                $"previous run ended {ended}, outcome {row.Outcome}; started again from {rawBlob}"),
            cancellationToken);
        return row.InstanceId;
    }

    private static Refusal Conflict(string type, string detail) => Refusal.Conflict(type, "Resubmit not possible", detail);
}
