using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.Reconciliation;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Sources;

/// <summary>
/// The canonical source's side of the three-way reconciliation: its intake log, the signed webhook deliveries kept in blob
/// <c>raw/canonical/{yyyy}/{MM}/{dd}/</c> on the days received (the last <c>WindowDays</c>, at most the window), the newest version of
/// each report. A delivery kept there whose report FinanceFlow has no record of (storage went away between the raw copy and the
/// status row) is admitted again from those bytes, exactly as the webhook would have. A canonical sender that never delivered
/// cannot be known here: the sender's own outbox is the only record of that.
/// </summary>
public sealed class CanonicalApprovedDocuments(IRawPayloadStore rawPayloads, ReportAdmission admissions, IOptionsMonitor<ReconciliationOptions> options, TimeProvider time)
    : IApprovedDocuments
{
    // What was listed, to admit again from: the newest kept delivery per report.
    private readonly Dictionary<string, (RawPayloadEntry Entry, ExpenseReport Report, byte[] Body)> _kept = new(StringComparer.Ordinal);

    public string Source => SourceNames.Canonical;

    public async Task<IReadOnlyList<ApprovedDocument>> ListAsync(LedgerWindow window, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var first = today.AddDays(-options.CurrentValue.WindowDays);
        _kept.Clear();
        try
        {
            for (var day = first < window.From ? window.From : first; day <= today; day = day.AddDays(1))
            {
                await foreach (var entry in rawPayloads.ListAsync(Source, day, cancellationToken))
                {
                    var body = (await rawPayloads.ReadAsync(entry.BlobName, cancellationToken)).ToArray();

                    // A delivery that did not parse was refused at intake, with its audit row: nothing to compare.
                    if (CanonicalReportParser.Parse(body, Source).Report is { } report
                        && (!_kept.TryGetValue(report.ReportId, out var known) || known.Report.Version < report.Version))
                    {
                        _kept[report.ReportId] = (entry, report, body);
                    }
                }
            }
        }
        catch (Azure.RequestFailedException ex)
        {
            throw new SourceUnreadableException($"The canonical intake log (blob raw/{Source}/…) could not be read: {ex.Message}", ex);
        }

        return [.. _kept.Values.Select(k => ApprovedDocument.Of(k.Report))];
    }

    public async Task<IReadOnlyList<string>> RedriveAsync(IReadOnlyList<ApprovedDocument> documents, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var lines = new List<string>();
        foreach (var document in documents)
        {
            if (!_kept.TryGetValue(document.DocumentId, out var kept))
            {
                lines.Add($"{Source}/{document.DocumentId}: not in the intake log read by this run; not started");
                continue;
            }

            var admission = await admissions.AdmitAsync(
                kept.Report, kept.Entry.MessageId, kept.Entry.BlobName, kept.Entry.ReceivedAt, LedgerReconciliationRunner.RedriveActor, kept.Body, client, cancellationToken);
            lines.Add(admission.Started
                ? $"{Source}/{document.DocumentId}: started as {admission.InstanceId} from the kept delivery {kept.Entry.BlobName}"
                : $"{Source}/{document.DocumentId}: already known as {admission.InstanceId}");
        }

        return lines;
    }
}
