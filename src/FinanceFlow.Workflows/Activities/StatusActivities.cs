using FinanceFlow.Connectors.Callbacks;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.Audit;

namespace FinanceFlow.Workflows.Activities;

/// <summary>The fan-out after posting: the status row, the callback to the source, the closing audit row.</summary>
public sealed class StatusActivities(IReportStatusStore statuses, ISourceCallbackClient callbacks, StepAudit audit, TimeProvider time)
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
            time.GetUtcNow());
        await statuses.UpsertAsync(record, cancellationToken);
        await audit.RecordAsync(request.Step, nameof(RecordStatus), result.Outcome.ToString(), request, null, cancellationToken);
        return true;
    }

    public async Task<string> SendCallback(OutcomeRequest request, CancellationToken cancellationToken)
    {
        var result = request.Result;
        var callback = new StatusCallback(result.Source, result.ReportId, result.Version, result.Outcome, result.ErpDocumentNumber, result.Findings, time.GetUtcNow());

        // One webhook-id per report version and outcome: a replayed fan-out is the same message to the receiver.
        var messageId = $"{request.Step.CorrelationId}:{result.Outcome}";
        try
        {
            var delivery = await callbacks.SendAsync(callback, messageId, cancellationToken);
            await audit.RecordAsync(request.Step, nameof(SendCallback), delivery.ToString(), request, null, cancellationToken);
            return delivery.ToString();
        }
        catch (HttpRequestException ex)
        {
            await audit.RecordAsync(request.Step, nameof(SendCallback), "Failed", request, ex.Message, cancellationToken);
            throw;
        }
    }

    public async Task<bool> RecordOutcome(OutcomeRequest request, CancellationToken cancellationToken)
    {
        var result = request.Result;
        var detail = result.Outcome switch
        {
            ReportOutcome.Posted => $"ERP document {result.ErpDocumentNumber}",
            ReportOutcome.Rejected => string.Join("; ", result.Findings.Select(f => $"{f.Code}: {f.Message}")),
            _ => result.FailureReason,
        };
        await audit.RecordAsync(request.Step, nameof(RecordOutcome), result.Outcome.ToString(), request, detail, cancellationToken);
        return true;
    }
}
