using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Postings;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Audit;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Workflows.Operations;

/// <summary>What <c>GET /api/v1/reports/{source}/{reportId}/story</c> answers: everything FinanceFlow knows about one report, in one answer.</summary>
/// <param name="Status">The status row and the live run (stage, outcome, runtime status, amounts, payment).</param>
/// <param name="Findings">The policy, journal and receipt findings of the last run.</param>
/// <param name="Journals">One per ERP document (legal entity): what the posting log holds, and its lines as the kept payload codes them now.</param>
/// <param name="ErpDocuments">The ERP documents on the status row, one per entity.</param>
/// <param name="Attachments">The receipts kept for this version, each with a download link that expires within minutes.</param>
/// <param name="Audit">Every audit row of the report, oldest first.</param>
public sealed record ReportStoryView(
    ReportStoryStatus Status,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<StoryJournal> Journals,
    IReadOnlyList<ErpDocument> ErpDocuments,
    IReadOnlyList<AttachmentLink> Attachments,
    IReadOnlyList<AuditView> Audit);

/// <summary>The report's status row and live run, without the lists the story answers beside it.</summary>
public sealed record ReportStoryStatus(
    string Source,
    string ReportId,
    int Version,
    string InstanceId,
    ReportStage Stage,
    ReportOutcome Outcome,
    string? RuntimeStatus,
    string? LegalEntity,
    string? EmployeeId,
    string? EmployeeName,
    string? Currency,
    decimal? TotalAmount,
    string? ErpDocumentNumber,
    DateTimeOffset? PaidAt,
    decimal? PaidAmount,
    string? PaymentReference,
    string? FailureReason,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt);

/// <summary>One journal of the report: the ERP document it is for, where its posting stands in the posting log, and its lines.</summary>
/// <param name="PostingState">The posting log's state (<c>Intent</c>, <c>Sending</c>, <c>Posted</c>, <c>InDoubt</c>, <c>LedgerDiffers</c>); null when no posting was ever claimed.</param>
/// <param name="Lines">
/// The lines the kept raw payload codes to with the master data and mappings in force now (the preview's rules); null when the payload
/// cannot be read again (<paramref name="LinesUnavailable"/> says why). The posting log keeps the total, not the lines.
/// </param>
/// <param name="LinesAgree">Whether those lines' currency and total debit are the ones the posting log recorded; null when it recorded none.</param>
public sealed record StoryJournal(
    string Reference,
    string Entity,
    string? Ledger,
    string Currency,
    decimal Amount,
    string? PostingState,
    string? DocumentNumber,
    DateOnly? JournalDate,
    DateTimeOffset? PostedAt,
    string? PostingDetail,
    IReadOnlyList<PreviewJournalLine>? Lines,
    bool? LinesAgree,
    string? LinesUnavailable);

/// <summary>One report's full story for finance ops: status, findings, journals, ERP documents, receipts with download links, audit trail.</summary>
public sealed class ReportStory(ReportQuery query, IReportStatusStore statuses, IPostingStore postings, IRawPayloadStore rawPayloads, PostingPreview preview, AttachmentLinks attachments)
{
    /// <summary>The story, or a refusal when no report <paramref name="key"/> was received.</summary>
    public async Task<Answer<ReportStoryView>> GetAsync(ReportKey key, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var answer = await query.GetAsync(key, client, cancellationToken);
        if (answer.Refusal is { } refusal || await statuses.GetAsync(key, cancellationToken) is not { } row)
        {
            return answer.Refusal ?? ReportQuery.ReportNotFound(key);
        }

        var view = answer.Value!;
        var status = new ReportStoryStatus(
            view.Source, view.ReportId, view.Version, view.InstanceId, view.Stage, view.Outcome, view.RuntimeStatus, row.LegalEntity, view.EmployeeId,
            view.EmployeeName, view.Currency, view.TotalAmount, view.ErpDocumentNumber, view.PaidAt, view.PaidAmount, view.PaymentReference,
            view.FailureReason, view.ReceivedAt, view.UpdatedAt);
        var journals = await JournalsAsync(row, cancellationToken);
        var receipts = await attachments.ListAsync(row.Source, row.ReportId, row.Version, cancellationToken);
        return new ReportStoryView(status, view.Findings, journals, view.ErpDocuments, receipts, view.Audit);
    }

    private async Task<IReadOnlyList<StoryJournal>> JournalsAsync(ReportStatusRecord row, CancellationToken cancellationToken)
    {
        var documents = row.Documents ?? [];
        if (documents.Count == 0)
        {
            return [];
        }

        var (rebuilt, unavailable) = await RebuildAsync(row, cancellationToken);
        var journals = new List<StoryJournal>(documents.Count);
        foreach (var document in documents)
        {
            var posting = await postings.GetAsync(document.Reference, cancellationToken);
            var lines = rebuilt?.FirstOrDefault(j => j.ExternalReference == document.Reference);
            bool? agree = posting?.Target is { Currency: { } currency, TotalDebit: { } total } && lines is not null
                ? lines.Currency == currency && lines.TotalDebit == total
                : null;
            journals.Add(new StoryJournal(
                document.Reference, document.Entity, document.Ledger, document.Currency, document.Amount, posting?.State.ToString(),
                posting?.DocumentNumber ?? document.DocumentNumber, posting?.Target?.Date, posting?.PostedAt, posting?.Detail ?? document.Reason,
                lines?.Lines, agree, lines is null ? unavailable ?? "the kept payload codes no journal under this reference now" : null));
        }

        return journals;
    }

    /// <summary>The journals the kept payload codes to now, or why they cannot be rebuilt.</summary>
    private async Task<(IReadOnlyList<PreviewJournal>? Journals, string? Unavailable)> RebuildAsync(ReportStatusRecord row, CancellationToken cancellationToken)
    {
        if (row.RawBlobName is null)
        {
            return (null, "the status row names no kept payload (received before it was kept)");
        }

        BinaryData raw;
        try
        {
            raw = await rawPayloads.ReadAsync(row.RawBlobName, cancellationToken);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return (null, $"the kept payload {row.RawBlobName} is gone");
        }

        var result = await preview.PreviewAsync(row.Source, raw.ToArray(), cancellationToken);
        return result.Refusal is { } refusal ? (null, $"the kept payload cannot be read again: {refusal.Detail}") : (result.Value!.Journals ?? [], null);
    }
}
