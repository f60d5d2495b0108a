using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Infrastructure.Status;

namespace FinanceFlow.Workflows.Reconciliation;

/// <summary>
/// FinanceFlow's side of the three-way reconciliation, read from the status rows: one <see cref="TrackedDocument"/> per report and one
/// <see cref="TrackedPosting"/> per journal the row names (its ERP documents, one per legal entity).
/// </summary>
public sealed record FinanceFlowSide(IReadOnlyList<TrackedDocument> Documents, IReadOnlyList<TrackedPosting> Postings)
{
    /// <summary>Outcomes a reconciliation window reads whenever they last changed: still running, or failed and not yet resolved.</summary>
    public static readonly IReadOnlyCollection<ReportOutcome> Open = [ReportOutcome.Pending, ReportOutcome.PostingFailed, ReportOutcome.PostingInDoubt];

    public static FinanceFlowSide From(IEnumerable<ReportStatusRecord> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var documents = new List<TrackedDocument>();
        var postings = new List<TrackedPosting>();
        foreach (var row in rows)
        {
            documents.Add(new TrackedDocument(
                row.Source, row.ReportId, row.EmployeeId, row.Outcome, row.TotalAmount ?? 0m, row.Currency ?? string.Empty, row.UpdatedAt, Paid: row.PaidAmount is > 0m));
            foreach (var document in row.Documents ?? [])
            {
                // A journal is posted once the ERP gave it a document and nothing held it back.
                postings.Add(new TrackedPosting(
                    documents.Count - 1,
                    document.Reference,
                    document.Ledger ?? ErpLedger.DefaultName,
                    document.Amount,
                    document.Currency,
                    document.PostingDate ?? DateOnly.FromDateTime(row.UpdatedAt.UtcDateTime),
                    Posted: document.DocumentNumber is not null && document.Reason is null));
            }
        }

        return new FinanceFlowSide(documents, postings);
    }
}
