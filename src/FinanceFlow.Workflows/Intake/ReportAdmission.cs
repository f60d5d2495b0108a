using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Intake;

/// <summary>Whether admitting a report version started a run.</summary>
public sealed record Admission(ReportKey Report, string InstanceId, bool Started);

/// <summary>
/// Starts the pipeline for a report version whose raw payload is already stored, under its deterministic instance id;
/// a version already known starts nothing. Every intake (webhook, queue message, scheduled pull) goes through here. Each storage call
/// runs under the <see cref="IntakeStorageCircuit"/>: while storage is unavailable this throws <see cref="StorageUnavailableException"/>,
/// and the same delivery sent again later completes whatever the failed one left undone (status row, start, audit row).
/// </summary>
public sealed class ReportAdmission(
    IReportStatusStore statuses,
    IntakeAudit intakeAudit,
    IntakeStorageCircuit storage,
    IOptionsMonitor<FinanceFlowOptions> options,
    ILogger<ReportAdmission> logger)
{
    public async Task<Admission> AdmitAsync(
        ExpenseReport report, string messageId, string rawBlob, DateTimeOffset receivedAt, string actor, byte[] body, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var instanceId = report.Key.InstanceId(report.Version);
        var row = new ReportStatusRecord(
            report.Source, report.ReportId, report.Version, instanceId, ReportStage.Received, ReportOutcome.Pending, report.Employee.Id, report.Employee.Name, report.Currency, report.TotalAmount,
            null, null, [], receivedAt, receivedAt, RawBlobName: rawBlob, LegalEntity: report.LegalEntity, ApprovedAt: ApprovedAt(report));

        // A version the status table has not seen has no run: its row is written and the run started, without asking the engine.
        // A row of this version (or a newer one) may be a redelivery, or a delivery whose run never started: the engine decides.
        if (!await storage.RunAsync(ct => statuses.TryAdmitAsync(row, ct), cancellationToken))
        {
            if (await storage.RunAsync(ct => client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct), cancellationToken) is not null)
            {
                return await KnownAsync(report, instanceId, messageId, rawBlob, actor, body, cancellationToken);
            }

            await storage.RunAsync(ct => statuses.UpsertAsync(row, ct), cancellationToken);
        }

        var settings = options.CurrentValue;
        var input = WithPlans(new ProcessReportInput(report.Source, report.ReportId, report.Version, rawBlob, messageId, receivedAt, actor, RetryPlan(settings.PostingRetry)), settings);
        try
        {
            await storage.RunAsync(ct => client.ScheduleNewOrchestrationInstanceAsync(nameof(ProcessExpenseReport), input, new StartOrchestrationOptions(instanceId), ct), cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            // Two deliveries raced past the lookup; the other one started the run (and writes its Accepted row). This one is a
            // redelivery like any other, and leaves its row too.
            logger.LogInformation(ex, "Instance {InstanceId} was started by a concurrent delivery", instanceId);
            await storage.RunAsync(
                ct => intakeAudit.RecordAsync(report, instanceId, actor, AuditOutcomes.Redelivered, body, $"message {messageId}; a concurrent delivery started the run", ct),
                cancellationToken);
            return new Admission(report.Key, instanceId, Started: false);
        }

        await storage.RunAsync(ct => intakeAudit.RecordAsync(report, instanceId, actor, AuditOutcomes.Accepted, body, $"message {messageId}; raw {rawBlob}", ct), cancellationToken);
        logger.LogInformation("Accepted {Source} report {ReportId} v{Version} as {InstanceId}", report.Source, report.ReportId, report.Version, instanceId);
        return new Admission(report.Key, instanceId, Started: true);
    }

    /// <summary>
    /// A version whose run exists. Its delivery was accepted before (a redelivery: nothing to do), or the run started while storage
    /// went away before the <c>Accepted</c> row was written and the sender heard 503: then this delivery completes the admission.
    /// </summary>
    private async Task<Admission> KnownAsync(ExpenseReport report, string instanceId, string messageId, string rawBlob, string actor, byte[] body, CancellationToken cancellationToken)
    {
        if (!await storage.RunAsync(ct => intakeAudit.HasAcceptedAsync(report.Key, instanceId, ct), cancellationToken))
        {
            await storage.RunAsync(
                ct => intakeAudit.RecordAsync(report, instanceId, actor, AuditOutcomes.Accepted, body, $"message {messageId}; raw {rawBlob}; the run had started before storage failed", ct),
                cancellationToken);
            logger.LogInformation("Accepted {Source} report {ReportId} v{Version} as {InstanceId}, whose run had started before storage failed", report.Source, report.ReportId, report.Version, instanceId);
            return new Admission(report.Key, instanceId, Started: true);
        }

        await storage.RunAsync(ct => intakeAudit.RecordAsync(report, instanceId, actor, AuditOutcomes.Redelivered, body, $"message {messageId}; already known, not started again", ct), cancellationToken);
        return new Admission(report.Key, instanceId, Started: false);
    }

    /// <summary>When the source approved the report: its last approval (the report is approved once every approver has); null without one.</summary>
    public static DateTimeOffset? ApprovedAt(ExpenseReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Approvals.Count > 0 ? report.Approvals.Max(a => a.ApprovedAt) : null;
    }

    /// <summary>The Durable retry plan for posting, from configuration.</summary>
    public static PostingRetryPlan RetryPlan(PostingRetrySettings settings) =>
        new(settings.MaxAttempts, settings.FirstRetrySeconds, settings.BackoffCoefficient, settings.MaxRetrySeconds);

    /// <summary>How a report with only overridable findings waits, from configuration; null when it does not (it ends Rejected).</summary>
    public static ExceptionWaitPlan? ExceptionPlan(ExceptionSettings settings) =>
        settings.WaitForResolution ? new(settings.TimeoutBusinessDays, settings.ReminderBusinessDaysBefore) : null;

    /// <summary>
    /// <paramref name="input"/> with the plans configuration fixes for a run (posting retry, status targets, exception wait), as they are now:
    /// every start of a run (intake, retry, resubmit, the watchdog) takes them from here.
    /// </summary>
    public static ProcessReportInput WithPlans(ProcessReportInput input, FinanceFlowOptions settings)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        return input with
        {
            PostingRetry = RetryPlan(settings.PostingRetry),
            StatusTargets = StatusPublishing.Plan(settings.StatusFanOut),
            ExceptionWait = ExceptionPlan(settings.Exceptions),
        };
    }
}
