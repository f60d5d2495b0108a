using System.Text;
using FinanceFlow.Connectors.Expensify;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Workflows.Reconciliation;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Workflows.Sources;

/// <summary>
/// Expensify's side of the three-way reconciliation: the approved reports its Integration Server still exports (not yet labelled
/// exported, as FinanceFlow labels a report only once it is posted), each read as the pull reads it, so FinanceFlow's own total and
/// employee are compared. Expensify has no filter by accounting date: the window is the export's own (one year at most, from
/// <c>ExportStartDate</c>). Those that never reached FinanceFlow are pulled again through the normal pull.
/// </summary>
public sealed class ExpensifyApprovedDocuments(ExpensifyClient expensify, ExpensifyDocumentAdapter adapter, ExpensifyPull pull) : IApprovedDocuments
{
    public string Source => SourceNames.Expensify;

    public async Task<IReadOnlyList<ApprovedDocument>> ListAsync(LedgerWindow window, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> documents;
        try
        {
            documents = await expensify.ExportApprovedReportDocumentsAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is ExpensifyUnavailableException or ExpensifyRequestException or ExpensifyConfigurationException)
        {
            throw new SourceUnreadableException($"Expensify's export could not be read: {ex.Message}", ex);
        }

        var approved = new List<ApprovedDocument>(documents.Count);
        foreach (var document in documents)
        {
            // A report the pull cannot map is rejected there, with its findings: here only what can be compared is listed.
            if (adapter.Read(Encoding.UTF8.GetBytes(document)).Report is { } report)
            {
                approved.Add(ApprovedDocument.Of(report));
            }
        }

        return approved;
    }

    public async Task<IReadOnlyList<string>> RedriveAsync(IReadOnlyList<ApprovedDocument> documents, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.Count == 0)
        {
            return [];
        }

        // The pull takes every approved report not yet labelled; those FinanceFlow already has are known and left as they are.
        var summary = await pull.PullAsync(client, cancellationToken);
        return [.. documents.Select(d => $"{Source}/{d.DocumentId}: pulled from Expensify again ({summary})")];
    }
}
