using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Storage;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Workflows.Intake;

/// <summary>What an accepted delivery led to: a report version's run (started now, or known before), or a notice that starts nothing.</summary>
/// <param name="Notice">The answer to a delivery that starts no run: an ignored event, a redelivered document, a document that can never post.</param>
public sealed record IntakeReceipt(Admission? Admission, object? Notice = null);

/// <summary>
/// A signed webhook delivery, once its signature is checked: keeps the raw body before anything reads it, validates it, and admits the
/// report version under its deterministic instance id. Concur events go on to <see cref="ConcurEventIntake"/>.
/// </summary>
public sealed class WebhookIntake(
    IRawPayloadStore rawPayloads,
    ReportAdmission admissions,
    IntakeAudit intakeAudit,
    ConcurEventIntake concur,
    TimeProvider time)
{
    /// <summary>Largest report, event or message body: 1 MiB (receipts travel by URL). Previews and payments are held to it too.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Sources whose webhooks this build reads.</summary>
    public static IReadOnlySet<string> SupportedSources { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { SourceNames.Canonical, SourceNames.Concur };

    /// <summary>Handles one delivery of <paramref name="source"/> (lower case) whose Standard Webhooks signature was verified.</summary>
    public async Task<Answer<IntakeReceipt>> ReceiveAsync(
        string source, string messageId, byte[] body, string actor, DurableTaskClient client, CancellationToken cancellationToken)
    {
        // Kept before anything else reads it, so every accepted delivery can be replayed and audited.
        var receivedAt = time.GetUtcNow();
        string rawBlob;
        try
        {
            rawBlob = await rawPayloads.SaveAsync(source, messageId, receivedAt, BinaryData.FromBytes(body), cancellationToken);
        }
        catch (RawPayloadConflictException ex)
        {
            // A sender that reuses a webhook-id for another payload would otherwise have it taken for a redelivery of the first.
            await intakeAudit.RecordInvalidAsync(source, body, messageId, ex.KeptAs, [new FieldError("/webhook-id", $"'{messageId}' was delivered before with another body ({ex.BlobName})")], cancellationToken);
            return Refusal.Conflict(
                "webhook-id-reused",
                "webhook-id already used for another payload",
                $"webhook-id '{messageId}' was delivered before with a different body; a new payload needs a new webhook-id (a redelivery sends the same bytes). This body is kept as {ex.KeptAs}; nothing was started.");
        }
        if (source == SourceNames.Concur)
        {
            return await concur.FetchAndAdmitAsync(body, messageId, receivedAt, actor, client, cancellationToken);
        }

        var parsed = CanonicalReportParser.Parse(body, source);
        if (parsed.Report is not { } report)
        {
            await intakeAudit.RecordInvalidAsync(source, body, messageId, rawBlob, parsed.Errors, cancellationToken);
            return Refusal.Invalid(
                "invalid-report",
                "The report does not match the canonical schema",
                $"{parsed.Errors.Count} field(s) failed validation; the raw payload is kept as {rawBlob}.",
                [.. parsed.Errors.Select(e => new ProblemFieldError(e.Pointer, e.Message))]);
        }

        return new IntakeReceipt(await admissions.AdmitAsync(report, messageId, rawBlob, receivedAt, actor, body, client, cancellationToken));
    }
}
