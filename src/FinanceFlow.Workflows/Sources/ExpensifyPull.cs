using System.Text;
using FinanceFlow.Connectors.Expensify;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Sources;

/// <summary>What one scheduled Expensify pull did.</summary>
public sealed record ExpensifyPullSummary(int Exported, int Started, int AlreadyKnown, int Invalid, int Repaired);

/// <summary>
/// The scheduled Expensify pull: export approved reports not yet labelled, keep each as a raw payload, start its run.
/// Reports are labelled exported only after they are posted (<see cref="ExpensifyConfirmation"/>); a posted report whose
/// label was lost is labelled here, so it is not pulled forever.
/// </summary>
public sealed class ExpensifyPull(
    ExpensifyClient expensify,
    IOptions<ExpensifyOptions> expensifyOptions,
    IRawPayloadStore rawPayloads,
    ExpensifyDocumentAdapter adapter,
    ReportAdmission admissions,
    IReportStatusStore statuses,
    IntakeAudit intakeAudit,
    TimeProvider time,
    ILogger<ExpensifyPull> logger)
{
    public const string Actor = "expensify-pull";

    public async Task<ExpensifyPullSummary> PullAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (!expensifyOptions.Value.Enabled)
        {
            logger.LogInformation("Expensify pull skipped: FinanceFlow:Sources:expensify:Integration:Enabled is false");
            return new ExpensifyPullSummary(0, 0, 0, 0, 0);
        }

        var documents = await expensify.ExportApprovedReportDocumentsAsync(cancellationToken);
        int started = 0, known = 0, invalid = 0, repaired = 0;
        foreach (var document in documents)
        {
            var body = Encoding.UTF8.GetBytes(document);
            var receivedAt = time.GetUtcNow();
            var read = adapter.Read(body);
            var reportId = read.Report?.ReportId ?? ExpensifyExportReader.ReadReport(document).ReportId;
            // The pull sees a report again while it is approved, and again changed after an edit: the id names the content.
            var messageId = $"pull-{reportId}-{Sha256.Hex(body)[..12]}";
            var rawBlob = await rawPayloads.SaveAsync(adapter.Source, messageId, receivedAt, BinaryData.FromBytes(body), cancellationToken);

            if (read.Report is not { } report || read.Findings.Any(f => f.Severity == FindingSeverity.Error))
            {
                invalid++;
                await RecordInvalidAsync(reportId, read, body, messageId, rawBlob, receivedAt, cancellationToken);
                continue;
            }

            var admission = await admissions.AdmitAsync(report, messageId, rawBlob, receivedAt, Actor, body, client, cancellationToken);
            if (admission.Started)
            {
                started++;
                continue;
            }

            known++;
            var instance = await client.GetInstanceAsync(admission.InstanceId, getInputsAndOutputs: true, cancellationToken);
            if (instance?.RuntimeStatus == OrchestrationRuntimeStatus.Completed && instance.ReadOutputAs<ReportResult>() is { Outcome: ReportOutcome.Posted })
            {
                await expensify.MarkAsExportedAsync([reportId], expensifyOptions.Value.ExportLabel, cancellationToken);
                repaired++;
            }
        }

        var summary = new ExpensifyPullSummary(documents.Count, started, known, invalid, repaired);
        logger.LogInformation("Expensify pull: {Summary}", summary);
        return summary;
    }

    private async Task RecordInvalidAsync(string reportId, SourceDocumentResult read, byte[] body, string messageId, string rawBlob, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var errors = read.Errors.Concat(read.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => new FieldError(f.Path ?? string.Empty, f.Message))).ToList();
        await intakeAudit.RecordInvalidAsync(adapter.Source, body, messageId, rawBlob, errors, cancellationToken);

        // A status row makes the refusal visible to finance ops next to every other report.
        var key = new ReportKey(adapter.Source, reportId);
        await statuses.UpsertAsync(
            new ReportStatusRecord(key.Source, reportId, 1, key.InstanceId(1), ReportStage.Completed, ReportOutcome.Rejected, null, null, null, null, null, "The Expensify report could not be mapped.", read.Findings, receivedAt, receivedAt),
            cancellationToken);
    }
}
