using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Http;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Intake;

/// <summary>
/// <c>POST /api/v1/webhooks/{source}</c>: checks the Standard Webhooks signature, keeps the raw body, validates it,
/// and starts (or finds) the report version's orchestration under its deterministic instance id. Concur events go on to
/// <see cref="ConcurEventIntake"/> once signed and stored.
/// </summary>
public sealed class WebhookIntakeHandler(
    IRawPayloadStore rawPayloads,
    ReportAdmission admissions,
    IntakeAudit intakeAudit,
    ConcurEventIntake concur,
    IManagementUrlFactory urls,
    IOptionsMonitor<FinanceFlowOptions> options,
    TimeProvider time,
    ILogger<WebhookIntakeHandler> logger)
{
    /// <summary>Largest accepted body: 1 MiB.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Sources this build can normalize.</summary>
    public static IReadOnlySet<string> SupportedSources { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "canonical", ConcurEventIntake.Source };

    public async Task<IResult> HandleAsync(HttpRequest request, string source, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (!SupportedSources.Contains(source))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "unknown-source", "Unknown source", $"There is no expense source named '{source}'. Known sources: {string.Join(", ", SupportedSources)}.");
        }

        source = source.ToLowerInvariant();
        if (!settings.Sources.TryGetValue(source, out var sourceSettings) || string.IsNullOrWhiteSpace(sourceSettings.WebhookSecret))
        {
            logger.LogError("Webhook for {Source} refused: FinanceFlow:Sources:{Source}:WebhookSecret is not configured", source, source);
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "source-not-configured", "Source not configured", $"FinanceFlow:Sources:{source}:WebhookSecret is not set, so webhooks from '{source}' cannot be verified.");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        if (!IsJson(request.ContentType))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Body is not JSON", $"Send the report as application/json, not '{request.ContentType ?? "(no content type)"}'.");
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return TooLarge();
        }

        var messageId = request.Headers[StandardWebhook.IdHeader].ToString();
        var verification = StandardWebhook.Verify(
            sourceSettings.WebhookSecret,
            messageId,
            request.Headers[StandardWebhook.TimestampHeader].ToString(),
            request.Headers[StandardWebhook.SignatureHeader].ToString(),
            body,
            time.GetUtcNow(),
            TimeSpan.FromSeconds(settings.WebhookToleranceSeconds));
        if (verification != WebhookVerification.Valid)
        {
            logger.LogWarning("Webhook for {Source} refused: {Verification}", source, verification);
            return Unauthorized(verification);
        }

        var isConcur = source == ConcurEventIntake.Source;
        if (isConcur && concur.CheckSignature(request, body) is { } refused)
        {
            return refused;
        }

        // Kept before anything else reads it, so every accepted delivery can be replayed and audited.
        var receivedAt = time.GetUtcNow();
        var rawBlob = await rawPayloads.SaveAsync(source, messageId, receivedAt, BinaryData.FromBytes(body), cancellationToken);
        var actor = CallerIdentity.Of(request) is "anonymous" ? $"{source}-webhook" : CallerIdentity.Of(request);
        if (isConcur)
        {
            return await concur.HandleAsync(request, body, messageId, receivedAt, actor, client, cancellationToken);
        }

        var parsed = CanonicalReportParser.Parse(body, source);
        if (parsed.Report is not { } report)
        {
            await intakeAudit.RecordInvalidAsync(source, body, messageId, rawBlob, parsed.Errors, cancellationToken);
            return Problems.Create(
                StatusCodes.Status400BadRequest,
                "invalid-report",
                "The report does not match the canonical schema",
                $"{parsed.Errors.Count} field(s) failed validation; the raw payload is kept as {rawBlob}.",
                [.. parsed.Errors.Select(e => new ProblemFieldError(e.Pointer, e.Message))]);
        }

        var admission = await admissions.AdmitAsync(report, messageId, rawBlob, receivedAt, actor, body, client, cancellationToken);
        var payload = urls.Create(request, client, admission.InstanceId);
        return Results.Json(
            payload,
            Core.Serialization.FinanceFlowJson.Options,
            statusCode: admission.Started ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Split(';')[0].Trim().EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static IResult TooLarge() =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "Body too large", $"A report body may be at most {MaxBodyBytes} bytes (1 MiB); send receipts by URL.");

    private static IResult Unauthorized(WebhookVerification verification) =>
        Problems.Create(StatusCodes.Status401Unauthorized, "invalid-signature", "Webhook signature not accepted", verification switch
        {
            WebhookVerification.MissingHeaders => "The webhook-id, webhook-timestamp and webhook-signature headers are required.",
            WebhookVerification.TimestampOutOfTolerance => "webhook-timestamp is more than 5 minutes away from now; check the sender's clock or replay protection.",
            _ => "webhook-signature does not match the body signed with this source's secret.",
        });
}
