using System.Globalization;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Posting;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Audit;

namespace FinanceFlow.Workflows.Posting;

/// <summary>
/// Posting to the ERP. Faults a later attempt may get past (ERP unreachable, an unknown outcome an authoritative read will settle, a
/// lease held or lost) propagate so the orchestration's retry policy handles them; every attempt leaves an audit row.
/// </summary>
public sealed class ErpActivities(IdempotentErpPoster poster, IErpLedgers ledgers, IAttachmentStore attachments, StepAudit audit)
{
    public async Task<PostingOutcome> PostToErp(PostRequest request, CancellationToken cancellationToken)
    {
        PostingOutcome outcome;
        try
        {
            outcome = await poster.PostAsync(request.Entry, request.Step.CorrelationId, cancellationToken);
        }
        catch (Exception ex) when (StorageFaults.IsStorageFault(ex))
        {
            // The posting log or the audit trail could not be reached, not the ERP: its own fault, so the step waits storage out
            // instead of counting it against the ERP. No audit row either: it would not get through.
            throw new PostingStorageUnavailableException($"{PostingFailures.StorageUnreachable} while posting: {ex.Message}", ex);
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
        return outcome.Accepted ? outcome with { TakesReceipts = ledgers.For(request.Entry.Ledger) is IErpAttachments { TakesFiles: true } erp && erp.TakesFilesFor(request.Entry) } : outcome;
    }

    /// <summary>
    /// Puts a posted journal's receipts on its ERP document, where the ERP takes files. The ERP unreachable propagates (the
    /// orchestration retries; attaching the same file again is a no-op for the connector); a file the ERP refuses is reported, and
    /// the posting stands either way.
    /// </summary>
    public async Task<AttachReceiptsResult> AttachReceipts(AttachReceiptsRequest request, CancellationToken cancellationToken)
    {
        if (ledgers.For(request.Ledger) is not IErpAttachments { TakesFiles: true } erp)
        {
            await audit.RecordAsync(request.Step, nameof(AttachReceipts), AuditOutcomes.Skipped, request, "the ledger's ERP takes no files", cancellationToken);
            return new AttachReceiptsResult(false, 0, []);
        }

        var refused = new List<string>();
        var attached = 0;
        foreach (var receipt in request.Receipts)
        {
            var content = receipt.BlobName is null ? null : await attachments.ReadAsync(receipt.BlobName, cancellationToken);
            if (content is null)
            {
                refused.Add($"{receipt.FileName}: the stored receipt is gone");
                continue;
            }

            try
            {
                await erp.AttachAsync(request.Document, receipt.FileName, receipt.ContentType ?? "application/octet-stream", content.ToMemory(), cancellationToken);
                attached++;
            }
            catch (Exception ex) when (ex is ErpAttachmentRejectedException or ErpAuthenticationException)
            {
                refused.Add($"{receipt.FileName}: {ex.Message}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await audit.RecordAsync(request.Step, nameof(AttachReceipts), AuditOutcomes.AttemptFailed, request, $"{receipt.FileName}: {ex.Message}", cancellationToken);
                throw;
            }
        }

        var detail = string.Create(CultureInfo.InvariantCulture, $"{attached} of {request.Receipts.Count} on document {request.Document.DocumentNumber}")
            + (refused.Count == 0 ? string.Empty : "; refused: " + string.Join("; ", refused));
        await audit.RecordAsync(request.Step, nameof(AttachReceipts), refused.Count == 0 ? AuditOutcomes.Attached : AuditOutcomes.NotAttached, request, detail, cancellationToken);
        return new AttachReceiptsResult(true, attached, refused);
    }

    /// <summary>The attach retries ran out (the ERP stayed away): recorded, so the exception queue lists the report until a retry attaches them.</summary>
    public async Task<bool> RecordReceiptsNotAttached(ReceiptsNotAttachedRequest request, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(request.Step, nameof(AttachReceipts), AuditOutcomes.NotAttached, request, $"document {request.DocumentNumber}: {request.Reason}", cancellationToken);
        return true;
    }
}
