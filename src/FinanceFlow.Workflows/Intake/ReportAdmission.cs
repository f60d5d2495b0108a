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
/// a version already known starts nothing. Every intake (webhook, scheduled pull) goes through here.
/// </summary>
public sealed class ReportAdmission(
    IReportStatusStore statuses,
    IntakeAudit intakeAudit,
    IOptionsMonitor<FinanceFlowOptions> options,
    ILogger<ReportAdmission> logger)
{
    public async Task<Admission> AdmitAsync(
        ExpenseReport report, string messageId, string rawBlob, DateTimeOffset receivedAt, string actor, byte[] body, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var instanceId = report.Key.InstanceId(report.Version);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            await intakeAudit.RecordAsync(report, instanceId, actor, AuditOutcomes.Redelivered, body, $"message {messageId}; already known, not started again", cancellationToken);
            return new Admission(report.Key, instanceId, Started: false);
        }

        await statuses.UpsertAsync(
            new ReportStatusRecord(report.Source, report.ReportId, report.Version, instanceId, ReportStage.Received, ReportOutcome.Pending, report.Employee.Id, report.Employee.Name, report.Currency, report.TotalAmount, null, null, [], receivedAt, receivedAt, RawBlobName: rawBlob),
            cancellationToken);

        var settings = options.CurrentValue;
        var input = new ProcessReportInput(
            report.Source, report.ReportId, report.Version, rawBlob, messageId, receivedAt, actor, RetryPlan(settings.PostingRetry), StatusPublishing.Plan(settings.StatusFanOut));
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(ProcessExpenseReport), input, new StartOrchestrationOptions(instanceId), cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            // Two deliveries raced past the lookup; the other one started the run.
            logger.LogInformation(ex, "Instance {InstanceId} was started by a concurrent delivery", instanceId);
            return new Admission(report.Key, instanceId, Started: false);
        }

        await intakeAudit.RecordAsync(report, instanceId, actor, AuditOutcomes.Accepted, body, $"message {messageId}; raw {rawBlob}", cancellationToken);
        logger.LogInformation("Accepted {Source} report {ReportId} v{Version} as {InstanceId}", report.Source, report.ReportId, report.Version, instanceId);
        return new Admission(report.Key, instanceId, Started: true);
    }

    /// <summary>The Durable retry plan for posting, from configuration.</summary>
    public static PostingRetryPlan RetryPlan(PostingRetrySettings settings) =>
        new(settings.MaxAttempts, settings.FirstRetrySeconds, settings.BackoffCoefficient, settings.MaxRetrySeconds);
}
