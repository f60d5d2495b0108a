using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.Sources;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.Workflows.Reconciliation;

/// <summary>
/// Concur's side of the three-way reconciliation: the expense and cash-advance documents the FIS document list still offers (approved,
/// not yet acknowledged), each under the report id and with the total FinanceFlow records for it, and their redrive through the poll's
/// intake. Registered only when <c>FinanceFlow:Sources:concur:Fis:Enabled</c>.
/// </summary>
public sealed class ConcurApprovedDocuments(
    ConcurFisClient fis, ConcurDocumentAdapter adapter, ConcurDocumentPoll poll, ILogger<ConcurApprovedDocuments> logger) : IApprovedDocuments
{
    public string Source => SourceNames.Concur;

    /// <summary>
    /// Every document Concur offers now. Concur's list has no date filter, so <paramref name="window"/> is ignored: a document still
    /// offered is unacknowledged whatever its date, which is exactly what FinanceFlow may be missing. Each is read by the same adapter
    /// the pipeline uses: <see cref="ApprovedDocument.DocumentId"/> is the report id its status row is keyed by (the Concur report id;
    /// <c>cashadvance-{id}</c> for an advance), the amount and currency are the report total the status row records, the employee is
    /// the Concur employee id, the date the document's accounting date (payment processing, else submit date; an advance's issue date).
    /// A listed document the adapter cannot read is left out and logged (its intake rejects it with a status row of its own).
    /// </summary>
    /// <exception cref="SourceUnreadableException">A document list could not be read (Concur down or refusing, a next link off its host).</exception>
    public async Task<IReadOnlyList<ApprovedDocument>> ListAsync(LedgerWindow window, CancellationToken cancellationToken) =>
        [.. (await ReadAsync(cancellationToken)).Select(d => d.Approved)];

    /// <summary>
    /// Lists again and takes each requested document Concur still offers through <see cref="ConcurDocumentPoll.TakeAsync"/>; one line
    /// per requested document.
    /// </summary>
    public async Task<IReadOnlyList<string>> RedriveAsync(IReadOnlyList<ApprovedDocument> documents, DurableTaskClient client, CancellationToken cancellationToken)
    {
        IReadOnlyList<(ConcurListedDocument Listed, ApprovedDocument Approved)> offered;
        try
        {
            offered = await ReadAsync(cancellationToken);
        }
        catch (SourceUnreadableException ex)
        {
            return [.. documents.Select(d => $"concur {d.DocumentId}: not redriven, {ex.Message}")];
        }

        var lines = new List<string>(documents.Count);
        foreach (var document in documents)
        {
            if (offered.FirstOrDefault(o => o.Approved.DocumentId == document.DocumentId) is not { Listed: { } listed })
            {
                lines.Add($"concur {document.DocumentId}: not redriven, Concur no longer offers it (acknowledged or recalled since it was listed)");
                continue;
            }

            var take = await poll.TakeAsync(listed, client, cancellationToken);
            lines.Add($"concur {document.DocumentId} (FIS document {listed.Id}): {take.Outcome switch
            {
                ConcurTakeOutcome.Started => "redriven",
                ConcurTakeOutcome.AlreadyKnown => "not redriven",
                _ => "not taken",
            }}, {take.Detail}");
        }

        return lines;
    }

    private async Task<IReadOnlyList<(ConcurListedDocument Listed, ApprovedDocument Approved)>> ReadAsync(CancellationToken cancellationToken)
    {
        var read = new List<(ConcurListedDocument, ApprovedDocument)>();
        foreach (var docType in ConcurDocumentPoll.DocTypes)
        {
            ConcurDocumentList list;
            try
            {
                list = await fis.ListReadyDocumentsAsync(docType, cancellationToken);
            }
            catch (Exception ex) when (ex is ConcurFisException or ConcurUnavailableException or InvalidOperationException)
            {
                throw new SourceUnreadableException($"Concur's {docType} document list could not be read: {ex.Message}", ex);
            }

            if (!list.Complete)
            {
                logger.LogWarning("Concur's {DocType} document list was read only in part ({Pages} pages): documents past it are not compared tonight", docType, list.Pages);
            }

            foreach (var listed in list.Documents)
            {
                if (Approved(listed) is { } approved)
                {
                    read.Add((listed, approved));
                }
            }
        }

        return read;
    }

    private ApprovedDocument? Approved(ConcurListedDocument listed)
    {
        var result = adapter.Read(listed.Item);
        if (result.Report is not { } report)
        {
            logger.LogWarning(
                "Concur {DocType} document {DocumentId} cannot be read and is left out of the reconciliation: {Errors}",
                listed.DocType, listed.Id, string.Join("; ", result.Errors.Take(5).Select(e => $"{e.Pointer} {e.Message}")));
            return null;
        }

        return ApprovedDocument.Of(report, result.Journal?.AccountingDate ?? report.AccountingDate ?? DateOnly.MinValue);
    }
}
