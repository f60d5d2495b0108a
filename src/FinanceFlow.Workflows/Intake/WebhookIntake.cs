using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Intake.Messaging;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Workflows.Intake;

/// <summary>What an accepted delivery led to: a report version's run (started now, or known before), or a notice that starts nothing.</summary>
/// <param name="Notice">The answer to a delivery that starts no run: an ignored event, a redelivered document, a document that can never post.</param>
public sealed record IntakeReceipt(Admission? Admission, object? Notice = null);

/// <summary>
/// A signed webhook delivery, once its signature is checked: keeps the raw body before anything reads it, validates it, and admits the
/// report version under its deterministic instance id. Concur events go on to <see cref="ConcurEventIntake"/>. While storage is
/// unavailable the delivery is refused at once (<see cref="RefusalKind.Unavailable"/> with <c>Retry-After</c>) and may be sent again as it was.
/// </summary>
public sealed class WebhookIntake(
    IRawPayloadStore rawPayloads,
    ReportAdmission admissions,
    IntakeAudit intakeAudit,
    ConcurEventIntake concur,
    IntakeStorageCircuit storage,
    TimeProvider time)
{
    /// <summary>The problem type of a delivery refused because storage is unavailable.</summary>
    public const string StorageUnavailableType = "storage-unavailable";

    /// <summary>Largest report, event or message body: 1 MiB (receipts travel by URL). Previews and payments are held to it too.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Sources whose webhooks this build reads.</summary>
    public static IReadOnlySet<string> SupportedSources { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { SourceNames.Canonical, SourceNames.Concur };

    /// <summary>Handles one delivery of <paramref name="source"/> (lower case) whose Standard Webhooks signature was verified.</summary>
    public async Task<Answer<IntakeReceipt>> ReceiveAsync(
        string source, string messageId, byte[] body, string actor, DurableTaskClient client, CancellationToken cancellationToken)
    {
        try
        {
            return await ReceiveKeptAsync(source, messageId, body, actor, client, cancellationToken);
        }
        catch (Exception ex) when (TransientFaults.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            // Whatever was written before storage went away is taken again as it is: the raw payload is the same bytes under the
            // same webhook-id, and the admission goes by the report version's instance id.
            var fault = ex as StorageUnavailableException;
            return StorageUnavailable(fault?.RetryAfter ?? storage.RetryAfter, fault?.Message);
        }
    }

    /// <summary>The refusal of a delivery that found storage unavailable (<paramref name="reason"/>): 503, try again after <paramref name="retryAfter"/>.</summary>
    public static Refusal StorageUnavailable(TimeSpan retryAfter, string? reason)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return Refusal.Unavailable(
            StorageUnavailableType,
            "Storage is unavailable",
            $"FinanceFlow cannot reach its storage{(reason is null ? "" : $": {reason}")}; this delivery was not taken. "
                + $"Send it again, with the same webhook-id, in {seconds} s or later: it is taken once.",
            retryAfter);
    }

    private async Task<Answer<IntakeReceipt>> ReceiveKeptAsync(
        string source, string messageId, byte[] body, string actor, DurableTaskClient client, CancellationToken cancellationToken)
    {
        // Kept before anything else reads it, so every accepted delivery can be replayed and audited.
        var receivedAt = time.GetUtcNow();
        string rawBlob;
        try
        {
            rawBlob = await storage.RunAsync(ct => rawPayloads.SaveAsync(source, messageId, receivedAt, BinaryData.FromBytes(body), ct), cancellationToken);
        }
        catch (RawPayloadConflictException ex)
        {
            // A sender that reuses a webhook-id for another payload would otherwise have it taken for a redelivery of the first.
            await storage.RunAsync(
                ct => intakeAudit.RecordInvalidAsync(source, body, messageId, ex.KeptAs, [new FieldError("/webhook-id", $"'{messageId}' was delivered before with another body ({ex.BlobName})")], ct),
                cancellationToken);
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
            await storage.RunAsync(ct => intakeAudit.RecordInvalidAsync(source, body, messageId, rawBlob, parsed.Errors, ct), cancellationToken);
            return Refusal.Invalid(
                "invalid-report",
                "The report does not match the canonical schema",
                $"{parsed.Errors.Count} field(s) failed validation; the raw payload is kept as {rawBlob}.",
                [.. parsed.Errors.Select(e => new ProblemFieldError(e.Pointer, e.Message))]);
        }

        return new IntakeReceipt(await admissions.AdmitAsync(report, messageId, rawBlob, receivedAt, actor, body, client, cancellationToken));
    }
}
