using FinanceFlow.Core.Attachments;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Posting;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>One journal entry's posting as the report shows it: its ERP document, whether it may be in the ledger, the warnings it leaves.</summary>
public sealed record PostedEntry(ErpDocument Document, bool InDoubt, IReadOnlyList<Finding> Warnings);

/// <summary>
/// A report's result from its postings: one rule for the orchestration and for the prepare step that finishes a clean report itself
/// (<see cref="PrepareActivities"/>), so both record the same outcome.
/// </summary>
public static class PostedReport
{
    /// <summary>The document a posting left; <paramref name="refusedReceipts"/>: receipts the ERP did not take (a warning, never a failed posting).</summary>
    public static PostedEntry Entry(JournalEntry entry, PostingOutcome posting, IReadOnlyList<string> refusedReceipts)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(posting);
        var document = new ErpDocument(entry.LegalEntity, entry.Ledger, entry.Currency, entry.TotalDebit, entry.ExternalReference, null, MappingVersions: entry.MappingVersions);
        if (posting is { Accepted: true, DocumentNumber: { } number })
        {
            // Posted, but not all as asked (the ERP's own note, e.g. booked as a journal entry where the entity books vendor bills),
            // or the ERP did not take a receipt: the report says so, each under its own code, and the exception queue lists the receipts.
            var notes = posting.Warnings ?? [];
            IReadOnlyList<string> warnings = [.. notes, .. refusedReceipts];
            IReadOnlyList<Finding> found =
            [
                .. notes.Select(w => new Finding(PostingFindings.PostedWithNote, $"{entry.LegalEntity} {number}: {w}", null, FindingSeverity.Warning)),
                .. refusedReceipts.Select(w => new Finding(ReceiptFindings.NotAttachedInErp, $"{entry.LegalEntity} {number}: {w}", "/attachments", FindingSeverity.Warning)),
            ];

            return new PostedEntry(document with
            {
                DocumentNumber = number,
                FiscalYear = posting.Confirmation?.FiscalYear,
                PostingDate = posting.Confirmation?.PostingDate,
                Link = posting.Confirmation?.Link?.AbsoluteUri,
                Warnings = warnings.Count > 0 ? warnings : null,
            }, false, found);
        }

        return posting switch
        {
            { Flag: PostingFlag.InDoubt } => new PostedEntry(document with { Reason = posting.Reason }, true, []),
            { Flag: PostingFlag.Unreachable } => new PostedEntry(document with { Reason = posting.Reason }, false, []),
            _ => new PostedEntry(document with { Reason = $"Not posted: {posting.Reason}" }, false, []),
        };
    }

    /// <summary>
    /// Posted when every journal is in the ledger; a journal refused or unreachable fails the report; one only in doubt (it may be in
    /// the ledger) holds it for the reconciliation. <paramref name="findings"/>: the report's findings before posting.
    /// </summary>
    public static ReportResult Result(StepContext step, ExpenseReport report, IReadOnlyList<Finding> findings, IReadOnlyList<PostedEntry> posted)
    {
        ArgumentNullException.ThrowIfNull(posted);
        var documents = posted.Select(p => p.Document).ToArray();
        var failed = documents.Where(d => d.DocumentNumber is null).ToList();
        var outcome = failed.Count == 0 ? ReportOutcome.Posted
            : posted.All(p => p.InDoubt || p.Document.DocumentNumber is not null) ? ReportOutcome.PostingInDoubt
            : ReportOutcome.PostingFailed;

        // Posted, but the ERP did not take everything (a receipt, say): the report says so, and the exception queue lists it.
        ArgumentNullException.ThrowIfNull(step);
        return Summary(step.Source, step.ReportId, step.Version, report, outcome, [.. findings, .. posted.SelectMany(p => p.Warnings)]) with
        {
            ErpDocumentNumber = documents[0].DocumentNumber,
            Documents = documents,
            FailureReason = failed.Count == 0 ? null
                : documents.Length == 1 ? failed[0].Reason
                : string.Join(" ", failed.Select(d => $"{d.Entity}: {d.Reason}")),
        };
    }

    /// <summary>The report's result before (or without) posting.</summary>
    public static ReportResult Summary(string source, string reportId, int version, ExpenseReport report, ReportOutcome outcome, IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(source, reportId, version, outcome, null, report.Employee.Name, report.Currency, report.TotalAmount, findings, null);
    }
}
