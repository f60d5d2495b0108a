using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Workflows.Operations;

/// <summary>What <c>GET /api/v1/reports/{source}/{reportId}</c> answers: the status row, the live run, and the audit trail.</summary>
/// <param name="ErpDocuments">One document per legal entity the report was routed to, with its ledger, currency and amount.</param>
/// <param name="PaidAmount">The total paid so far (the payment operation); <paramref name="PaidAt"/> and <paramref name="PaymentReference"/> are the latest payment's.</param>
public sealed record ReportView(
    string Source,
    string ReportId,
    int Version,
    string InstanceId,
    ReportStage Stage,
    ReportOutcome Outcome,
    string? RuntimeStatus,
    string? EmployeeId,
    string? EmployeeName,
    string? Currency,
    decimal? TotalAmount,
    string? ErpDocumentNumber,
    IReadOnlyList<ErpDocument> ErpDocuments,
    DateTimeOffset? PaidAt,
    decimal? PaidAmount,
    string? PaymentReference,
    string? FailureReason,
    IReadOnlyList<Finding> Findings,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<AuditView> Audit)
{
    /// <summary>The overridable exception the report waits on (or waited on, with its decision); null when there is none.</summary>
    public OpenException? Exception { get; init; }
}

/// <summary>Finance ops' view of one report: its status row, its live run and its audit trail.</summary>
public sealed class ReportQuery(IReportStatusStore statuses, IAuditTrail audit)
{
    /// <summary>The report's view, or a refusal when no report <paramref name="key"/> was received.</summary>
    public async Task<Answer<ReportView>> GetAsync(ReportKey key, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var row = await statuses.GetAsync(key, cancellationToken);
        if (row is null)
        {
            return ReportNotFound(key);
        }

        var instance = await client.GetInstanceAsync(row.InstanceId, getInputsAndOutputs: false, cancellationToken);
        var stage = row.Stage;
        var failureReason = row.FailureReason;
        if (instance is { IsRunning: true } && instance.ReadCustomStatusAs<ReportProgress>() is { } progress)
        {
            stage = progress.Stage;
        }

        if (instance is { RuntimeStatus: OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated })
        {
            failureReason ??= instance.FailureDetails?.ErrorMessage ?? $"The run ended {instance.RuntimeStatus}.";
        }

        var trail = await audit.ReadAsync(key, cancellationToken);
        var view = new ReportView(
            row.Source, row.ReportId, row.Version, row.InstanceId, stage, row.Outcome, instance?.RuntimeStatus.ToString(),
            row.EmployeeId, row.EmployeeName, row.Currency, row.TotalAmount, row.ErpDocumentNumber, row.Documents ?? [],
            row.PaidAt, row.PaidAmount, row.PaymentReference, failureReason, row.Findings,
            row.ReceivedAt, row.UpdatedAt,
            [.. trail.Select(AuditView.From)])
        {
            Exception = row.Exception,
        };
        return view;
    }

    /// <summary>The refusal every report operation answers for a report never received.</summary>
    public static Refusal ReportNotFound(ReportKey key) =>
        Refusal.NotFound("report-not-found", "Report not found", $"No report {key.ReportId} has been received from '{key.Source}'.");
}
