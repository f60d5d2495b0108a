using FinanceFlow.Connectors.Callbacks;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Sources;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>The outcome step at the end of every run: the status row, telling the source (callback or confirmation), the closing audit row.</summary>
public sealed class OutcomeActivities(
    IReportStatusStore statuses,
    ISourceCallbackClient callbacks,
    IEnumerable<ISourceConfirmation> confirmations,
    StepAudit audit,
    TimeProvider time)
{
    public async Task<bool> RecordStatus(OutcomeRequest request, CancellationToken cancellationToken)
    {
        var result = request.Result;
        var record = new ReportStatusRecord(
            result.Source,
            result.ReportId,
            result.Version,
            request.Step.CorrelationId,
            ReportStage.Completed,
            result.Outcome,
            EmployeeId: null,
            result.EmployeeName,
            result.Currency,
            result.TotalAmount,
            result.ErpDocumentNumber,
            result.FailureReason,
            result.Findings,
            request.ReceivedAt,
            time.GetUtcNow(),
            Documents: result.Documents,
            RawBlobName: request.RawBlobName);
        await statuses.UpsertAsync(record, cancellationToken);
        await audit.RecordAsync(request.Step, nameof(RecordStatus), result.Outcome.ToString(), request, null, cancellationToken);
        return true;
    }

    /// <summary>The signed status callback (when the source has a callback URL) and the source's own confirmation (when it has one).</summary>
    public async Task<string> NotifySource(OutcomeRequest request, CancellationToken cancellationToken)
    {
        var result = request.Result;
        var callback = new StatusCallback(result.Source, result.ReportId, result.Version, result.Outcome, result.ErpDocumentNumber, result.Findings, time.GetUtcNow(), Documents: result.Documents);

        // One webhook-id per report version and outcome: a replayed fan-out is the same message to the receiver.
        var messageId = $"{request.Step.CorrelationId}:{result.Outcome}";
        var done = new List<string>(2);
        try
        {
            done.Add("callback " + await callbacks.SendAsync(callback, messageId, cancellationToken));
            foreach (var confirmation in confirmations.Where(c => string.Equals(c.Source, result.Source, StringComparison.OrdinalIgnoreCase)))
            {
                done.Add(await confirmation.ConfirmAsync(result, request.RawBlobName, cancellationToken));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await audit.RecordAsync(request.Step, nameof(NotifySource), AuditOutcomes.Failed, request, string.Join("; ", [.. done, ex.Message]), cancellationToken);
            throw;
        }

        var summary = string.Join("; ", done);
        await audit.RecordAsync(request.Step, nameof(NotifySource), AuditOutcomes.Notified, request, summary, cancellationToken);
        return summary;
    }

    public async Task<bool> RecordOutcome(OutcomeRequest request, CancellationToken cancellationToken)
    {
        var result = request.Result;
        var detail = result.Outcome switch
        {
            ReportOutcome.Posted when result.Documents is { Count: > 1 } documents => "ERP documents " + string.Join(", ", documents.Select(d => $"{d.DocumentNumber} ({d.Entity})")),
            ReportOutcome.Posted => $"ERP document {result.ErpDocumentNumber}",
            ReportOutcome.Rejected or ReportOutcome.AwaitingMasterData => string.Join("; ", result.Findings.Select(f => $"{f.Code}: {f.Message}")),
            _ => result.FailureReason,
        };
        await audit.RecordAsync(request.Step, nameof(RecordOutcome), result.Outcome.ToString(), request, detail, cancellationToken);
        return true;
    }
}
