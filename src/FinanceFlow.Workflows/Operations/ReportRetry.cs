using FinanceFlow.Core.Attachments;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Operations;

/// <summary>
/// <c>POST /api/v1/reports/{source}/{reportId}/retry</c>: runs a report whose posting failed again, under the same instance id.
/// The posting log guarantees the ERP never gets it twice.
/// </summary>
public sealed class ReportRetry(
    IReportStatusStore statuses,
    IAuditTrail audit,
    IOptionsMonitor<FinanceFlowOptions> options,
    TimeProvider time)
{
    /// <summary>The instance id the report runs again under, or why it cannot.</summary>
    public Task<Answer<string>> RetryAsync(ReportKey key, string actor, DurableTaskClient client, CancellationToken cancellationToken) =>
        RunAgainAsync(key, actor, client, posted: false, cancellationToken);

    /// <summary>
    /// Runs a posted report again because a ledger lost one of its journals (the reconciliation reopened that posting for an
    /// authoritative read): the run posts what the ledger no longer holds and finds the rest, sending nothing twice.
    /// </summary>
    public Task<Answer<string>> RetryLostPostingAsync(ReportKey key, string actor, DurableTaskClient client, CancellationToken cancellationToken) =>
        RunAgainAsync(key, actor, client, posted: true, cancellationToken);

    private async Task<Answer<string>> RunAgainAsync(ReportKey key, string actor, DurableTaskClient client, bool posted, CancellationToken cancellationToken)
    {
        var reportId = key.ReportId;
        var row = await statuses.GetAsync(key, cancellationToken);
        if (row is null)
        {
            return ReportQuery.ReportNotFound(key);
        }

        var instance = await client.GetInstanceAsync(row.InstanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return Conflict("history-purged", $"The run {row.InstanceId} has been purged; have the source deliver the report again.");
        }

        if (instance.RuntimeStatus is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended)
        {
            return Conflict("still-running", $"Report {reportId} v{row.Version} is still being processed ({instance.RuntimeStatus}).");
        }

        if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed && instance.ReadOutputAs<ReportResult>() is { } result)
        {
            switch (result.Outcome)
            {
                // Posted with receipts the ERP did not take: the run again finds the posting (nothing is sent twice) and attaches them.
                case ReportOutcome.Posted when !posted && !result.Findings.Any(f => f.Code == ReceiptFindings.NotAttachedInErp):
                    return Conflict("already-posted", $"Report {reportId} v{row.Version} is already posted as {result.ErpDocumentNumber}.");
                case ReportOutcome.Rejected:
                    return Conflict("rejected", $"Report {reportId} v{row.Version} was rejected by policy; the source must send a corrected version.");
            }
        }

        var original = instance.ReadInputAs<ProcessReportInput>()
            ?? throw new InvalidOperationException($"Instance {row.InstanceId} has no input to re-run.");
        var input = ReportAdmission.WithPlans(original with { Actor = actor }, options.CurrentValue);

        // The row goes back to Pending before the run starts, so the run's own final write is always the last one.
        var now = time.GetUtcNow();
        await statuses.UpsertAsync(row with { Stage = ReportStage.Received, Outcome = ReportOutcome.Pending, FailureReason = null, UpdatedAt = now }, cancellationToken);
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(ProcessExpenseReport), input, new StartOrchestrationOptions(row.InstanceId), cancellationToken);
        await audit.AppendAsync(
            new AuditRecord(key, row.Version, now, AuditSteps.RetryRequested, AuditOutcomes.Accepted, actor, row.InstanceId, Core.Hashing.Sha256.Hex(row.InstanceId), posted ? $"previous run ended {instance.RuntimeStatus}; a ledger lost a journal of it" : $"previous run ended {instance.RuntimeStatus}"),
            cancellationToken);

        return row.InstanceId;
    }

    private static Refusal Conflict(string type, string detail) => Refusal.Conflict(type, "Retry not possible", detail);
}
