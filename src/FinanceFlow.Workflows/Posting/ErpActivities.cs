using FinanceFlow.Core.Audit;
using FinanceFlow.Workflows.Audit;

namespace FinanceFlow.Workflows.Posting;

/// <summary>
/// Posting to the ERP. Faults a later attempt may get past (ERP unreachable, an unknown outcome an authoritative read will settle, a
/// lease held or lost) propagate so the orchestration's retry policy handles them; every attempt leaves an audit row.
/// </summary>
public sealed class ErpActivities(IdempotentErpPoster poster, StepAudit audit)
{
    public async Task<PostingOutcome> PostToErp(PostRequest request, CancellationToken cancellationToken)
    {
        PostingOutcome outcome;
        try
        {
            outcome = await poster.PostAsync(request.Entry, request.Step.CorrelationId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await audit.RecordAsync(request.Step, nameof(PostToErp), AuditOutcomes.AttemptFailed, request, ex.Message, cancellationToken);
            throw;
        }

        var (result, detail) = outcome switch
        {
            { Accepted: true, AlreadyPosted: true } => (AuditOutcomes.AlreadyPosted, $"document {outcome.DocumentNumber}; nothing sent"),
            { Accepted: true } => (AuditOutcomes.Posted, $"document {outcome.DocumentNumber}"),
            { Flag: PostingFlag.InDoubt } => (AuditOutcomes.PostingInDoubt, outcome.Reason),
            { Flag: PostingFlag.LedgerDiffers } => (AuditOutcomes.LedgerDiffers, outcome.Reason),
            _ => (AuditOutcomes.RejectedByErp, outcome.Reason),
        };
        await audit.RecordAsync(request.Step, nameof(PostToErp), result, request, detail, cancellationToken);
        return outcome;
    }
}
