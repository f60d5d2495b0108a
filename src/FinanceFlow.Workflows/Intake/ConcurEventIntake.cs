using System.Net;
using FinanceFlow.Connectors.Concur;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Sources;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Intake;

/// <summary>
/// The Concur part of <c>POST /api/v1/webhooks/concur</c>, after the common checks: reads the Event Subscription Service event,
/// fetches the expense or cash-advance document it announces, stores it, acknowledges it under its FIS document id and admits it so the
/// pipeline reads the document.
/// The webhook endpoint has checked the Standard Webhooks signature (and <c>Concur-Signature</c>, when keys are configured) and kept the raw event.
/// </summary>
public sealed class ConcurEventIntake(
    ConcurFisClient fis,
    IOptions<ConcurFisOptions> fisOptions,
    IRawPayloadStore rawPayloads,
    ConcurDocumentAdapter documents,
    ReportAdmission admissions,
    IntakeAudit intakeAudit,
    IReportStatusStore statuses,
    IntakeStorageCircuit storage,
    TimeProvider time,
    ILogger<ConcurEventIntake> logger)
{
    /// <summary>The instance id prefix of the Rejected status row a document refused at intake leaves (no run exists for it).</summary>
    public const string RejectedStatusPrefix = "concur-event:";

    // The Stored row's detail: this prefix, then the blob name.
    private const string KeptAs = "document kept as ";

    /// <summary>Reads one signed event whose raw body is already stored, then fetches, keeps and acknowledges its document and admits the report.</summary>
    public async Task<Answer<IntakeReceipt>> FetchAndAdmitAsync(
        byte[] body, string messageId, DateTimeOffset receivedAt, string actor, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (!ConcurEventReader.TryRead(body, out var concurEvent, out var error))
        {
            return Refusal.Invalid("invalid-concur-event", "The Concur event cannot be read", $"{(error.Pointer.Length == 0 ? "The body" : error.Pointer)} {error.Message}.", [new ProblemFieldError(error.Pointer, error.Message)]);
        }

        var facts = concurEvent.Facts;
        var key = new ReportKey(SourceNames.Concur, facts.DocumentId ?? concurEvent.Id);
        if (!concurEvent.IsReadyForIntegration(out var docType))
        {
            await storage.RunAsync(
                ct => intakeAudit.RecordDeliveryAsync(
                    key, AuditOutcomes.Ignored, actor, messageId, body, $"event {concurEvent.Id}: {concurEvent.EventType} on {concurEvent.Topic} is not an expense or cash-advance document ready for integration", ct),
                cancellationToken);
            return new IntakeReceipt(null, new { ignored = concurEvent.EventType });
        }

        if (!fisOptions.Value.Enabled)
        {
            logger.LogError("Concur event {EventId} refused: {Setting} is false", concurEvent.Id, $"{ConcurFisOptions.SectionName}:{nameof(ConcurFisOptions.Enabled)}");
            return new Refusal(RefusalKind.Unavailable, "concur-fis-disabled", "Concur FIS is not enabled",
                $"{ConcurFisOptions.SectionName}:{nameof(ConcurFisOptions.Enabled)} is false, so the document of event {concurEvent.Id} cannot be fetched.");
        }

        if (facts.Href is not { } href)
        {
            return Refusal.Invalid("invalid-concur-event", "The Concur event cannot be read", $"Event {concurEvent.Id} has no facts.href to fetch the document from.",
                [new ProblemFieldError("/facts/href", "is required: the URL of the document to fetch")]);
        }

        if (!fis.IsOnFisHost(href))
        {
            // The sender chose the URL: a host other than the configured FIS is its mistake (and no place to send our token), not Concur's refusal.
            return Refusal.Invalid("invalid-concur-event", "The Concur event cannot be read", $"Event {concurEvent.Id} names a document that is not on the configured Concur FIS host.",
                [new ProblemFieldError("/facts/href", "is not on the configured Concur FIS host (FinanceFlow:Sources:concur:Fis:BaseUrl)")]);
        }

        return await TakeAsync(new ConcurDocumentNotice(key, docType, href, $"event {concurEvent.Id}"), body, messageId, receivedAt, actor, client, cancellationToken);
    }

    /// <summary>
    /// Fetches the document <paramref name="notice"/> names, keeps it, acknowledges it under its FIS document id and admits its report: the
    /// part an event and the scheduled poll of the document list (<see cref="ConcurDocumentPoll"/>) share. <paramref name="body"/> is what
    /// announced it (the event, the list item), whose hash the audit rows carry.
    /// </summary>
    public async Task<Answer<IntakeReceipt>> TakeAsync(
        ConcurDocumentNotice notice, byte[] body, string messageId, DateTimeOffset receivedAt, string actor, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (key, docType, href) = (notice.Key, notice.DocType, notice.Href);
        byte[] document;
        ConcurParseResult parsed;
        string documentBlob;
        string? acknowledging = null;
        try
        {
            document = await fis.GetDocumentAsync(href, cancellationToken);
            parsed = ConcurDocumentParser.Parse(document);

            // Acknowledged (and later confirmed) under the FIS document's own id, the one Concur's acknowledgement takes; the event's
            // documentId may be the report or advance id, and acknowledging under it would leave the document in Concur's ready queue.
            if (ConcurFisDocumentId.Of(document) is not { } documentId)
            {
                return await RejectAsync(
                    key, messageId, actor, body, receivedAt, "concur-document-id-missing",
                    $"The {docType} document at {href} carries no FIS document id (content[0].id); it was not acknowledged, as Concur matches acknowledgements by that id only.",
                    cancellationToken);
            }

            // Stored before the acknowledgement: once acknowledged, Concur does not offer the document again.
            try
            {
                documentBlob = await storage.RunAsync(ct => rawPayloads.SaveAsync(SourceNames.Concur, $"doc-{documentId}", receivedAt, BinaryData.FromBytes(document), ct), cancellationToken);
            }
            catch (RawPayloadConflictException ex)
            {
                // The same document id with other content: finance decides which one is right, nothing is posted from either.
                return await RejectAsync(
                    key, messageId, actor, body, receivedAt, "concur-document-changed",
                    $"Concur document {documentId} was fetched before ({ex.BlobName}) with other content; the new one is kept as {ex.KeptAs} and was not acknowledged or admitted.",
                    cancellationToken);
            }
            // Noted before the acknowledgement too: should the admission fail after it (storage away), the redelivered event finds
            // Concur no longer offering the document and resumes from this copy.
            await storage.RunAsync(ct => intakeAudit.RecordDeliveryAsync(key, AuditOutcomes.Stored, actor, messageId, body, KeptAs + documentBlob, ct), cancellationToken);
            acknowledging = documentId;
            var acknowledgement = await fis.AcknowledgeAsync(docType, documentId, cancellationToken);
            logger.LogInformation("Concur document {DocumentId} stored as {Blob}: {Acknowledgement}", documentId, documentBlob, acknowledgement);
        }
        catch (ConcurUnavailableException ex)
        {
            // A 5xx makes the Event Subscription Service deliver the event again later.
            logger.LogWarning(ex, "Concur {Announcement}: FIS unavailable", notice.Announcement);
            return new Refusal(RefusalKind.Unavailable, "concur-unavailable", "Concur FIS is unavailable", ex.Message);
        }
        catch (ConcurDocumentNotFoundException ex)
        {
            if (await storage.RunAsync(ct => intakeAudit.HasRecordedAsync(key, AuditOutcomes.Fetched, ct), cancellationToken))
            {
                // A redelivered event for a document we already took: Concur no longer offers an acknowledged document,
                // so "not found" here is the duplicate, not a loss.
                await storage.RunAsync(
                    ct => intakeAudit.RecordDeliveryAsync(key, AuditOutcomes.Redelivered, actor, messageId, body, $"{notice.Announcement}: document already fetched; {ex.Message}", ct),
                    cancellationToken);
                return new IntakeReceipt(null, new ConcurDocumentDuplicate(key.ReportId));
            }

            if (await storage.RunAsync(ct => intakeAudit.LastDetailAsync(key, AuditOutcomes.Stored, ct), cancellationToken) is not { } kept || !kept.StartsWith(KeptAs, StringComparison.Ordinal))
            {
                return await RejectAsync(key, messageId, actor, body, receivedAt, "concur-document-not-found", $"Concur has no document at {href}: {ex.Message}", cancellationToken);
            }

            // Taken and acknowledged before, but its admission did not finish (storage went away): the kept copy is the document.
            documentBlob = kept[KeptAs.Length..];
            document = (await storage.RunAsync(ct => rawPayloads.ReadAsync(documentBlob, ct), cancellationToken)).ToArray();
            parsed = ConcurDocumentParser.Parse(document);
            logger.LogInformation("Concur {Announcement}: document no longer offered; admitting the copy kept as {Blob}", notice.Announcement, documentBlob);
        }
        catch (ConcurFisException ex) when (acknowledging is not null && IsPermanent(ex))
        {
            // Concur refused this document's acknowledgement for good (recalled, unknown, a 4xx): a redelivery gets the same answer for
            // 72 hours, so the event is answered as taken and the refusal waits for finance in the exception queue.
            logger.LogError(ex, "Concur {Announcement}: the acknowledgement was refused", notice.Announcement);
            return await RejectAsync(
                key, messageId, actor, body, receivedAt, "concur-acknowledgement-refused",
                $"Concur refused the acknowledgement of {docType} document {acknowledging} (kept, not posted): {ex.Message}", cancellationToken);
        }
        catch (ConcurFisException ex)
        {
            // Bad credentials or scope (401, 403, the token endpoint), or a fetch refused: answered 502 so Concur delivers again once the cause is fixed.
            logger.LogError(ex, "Concur {Announcement}: FIS refused the request", notice.Announcement);
            await storage.RunAsync(ct => intakeAudit.RecordDeliveryAsync(key, AuditOutcomes.Failed, actor, messageId, body, ex.Message, ct), cancellationToken);
            return new Refusal(RefusalKind.UpstreamRefused, "concur-refused", "Concur FIS refused the request", ex.Message);
        }

        var read = documents.Read(parsed);
        if (read.Report is not { } report)
        {
            var errors = string.Join("; ", read.Errors.Take(10).Select(e => $"{e.Pointer}: {e.Message}"));
            return await RejectAsync(key, messageId, actor, body, receivedAt, "concur-document-unreadable", $"The Concur document at {href} (kept as {documentBlob}) cannot be read: {errors}", cancellationToken);
        }

        var admission = await admissions.AdmitAsync(report, messageId, documentBlob, receivedAt, actor, document, client, cancellationToken);
        await storage.RunAsync(
            ct => intakeAudit.RecordDeliveryAsync(
                key, AuditOutcomes.Fetched, actor, messageId, body, $"document stored as {documentBlob}; report {report.ReportId} v{report.Version} runs as {admission.InstanceId}", ct),
            cancellationToken);
        return new IntakeReceipt(admission);
    }

    /// <summary>A refusal retrying cannot change: a per-document service code, or a 4xx other than 401/403 (credentials, scope) and 408/429 (wait).</summary>
    private static bool IsPermanent(ConcurFisException ex) =>
        ex.ServiceCode is not null
        || ex.StatusCode is { } status && (int)status is >= 400 and < 500
            && status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);

    /// <summary>
    /// A document that can never be posted: a Rejected status row and an audit row so finance ops see it, and a 200
    /// answer, as a redelivery of the event would not change anything.
    /// </summary>
    private async Task<IntakeReceipt> RejectAsync(
        ReportKey key, string messageId, string actor, byte[] body, DateTimeOffset receivedAt, string type, string reason, CancellationToken cancellationToken)
    {
        logger.LogWarning("Concur document {DocumentId} rejected at intake: {Reason}", key.ReportId, reason);
        await storage.RunAsync(ct => intakeAudit.RecordDeliveryAsync(key, AuditOutcomes.Rejected, actor, messageId, body, reason, ct), cancellationToken);
        await storage.RunAsync(
            ct => statuses.UpsertAsync(
                new ReportStatusRecord(
                    key.Source, key.ReportId, 0, RejectedStatusPrefix + messageId, ReportStage.Completed, ReportOutcome.Rejected,
                    null, null, null, null, null, reason, [new Finding(type, reason)], receivedAt, time.GetUtcNow()),
                ct),
            cancellationToken);
        return new IntakeReceipt(null, new ConcurDocumentRejected(Refusal.TypeBase + type, "The Concur document cannot be posted", reason, key.ReportId));
    }
}
