using FinanceFlow.Core.Model;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Http;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Workflows.Operations;

/// <summary>One audit row as the status route shows it.</summary>
public sealed record AuditView(DateTimeOffset At, int Version, string Step, string Outcome, string Actor, string CorrelationId, string InputSha256, string? Detail);

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
    IReadOnlyList<AuditView> Audit);

/// <summary>Finance ops' view of one report.</summary>
public sealed class ReportQueryHandler(IReportStatusStore statuses, IAuditTrail audit)
{
    public async Task<IResult> GetAsync(HttpRequest request, string source, string reportId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var key = new ReportKey(source.ToLowerInvariant(), reportId);
        var row = await statuses.GetAsync(key, cancellationToken);
        if (row is null)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "report-not-found", "Report not found", $"No report {reportId} has been received from '{source}'.");
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
            [.. trail.Select(a => new AuditView(a.At, a.Version, a.Step, a.Outcome, a.Actor, a.CorrelationId, a.InputSha256, a.Detail))]);
        return Results.Json(view, FinanceFlowJson.Options);
    }
}
