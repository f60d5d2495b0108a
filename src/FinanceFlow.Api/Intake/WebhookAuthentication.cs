using FinanceFlow.Api.Http;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;
using FinanceFlow.Workflows.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Api.Intake;

/// <summary>
/// Who may call the webhook routes: a sender holding the source's Standard Webhooks secret (and, where Concur's public keys are
/// configured, signing with <c>Concur-Signature</c>). Answers the problem to send back, or null for a delivery to take.
/// </summary>
public sealed class WebhookAuthentication(
    ConcurEventSignature concurSignature,
    IOptionsMonitor<FinanceFlowOptions> options,
    TimeProvider time,
    ILogger<WebhookAuthentication> logger)
{
    /// <summary>404 for a source this build does not read, 503 when its secret is not set, 401 when a signature does not verify <paramref name="body"/>.</summary>
    public IResult? Refuse(HttpRequest request, string source, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.CurrentValue;
        if (!WebhookIntake.SupportedSources.Contains(source))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "unknown-source", "Unknown source", $"There is no expense source named '{source}'. Known sources: {string.Join(", ", WebhookIntake.SupportedSources)}.");
        }

        source = source.ToLowerInvariant();
        if (!settings.Sources.TryGetValue(source, out var sourceSettings) || string.IsNullOrWhiteSpace(sourceSettings.WebhookSecret))
        {
            logger.LogError("Webhook for {Source} refused: FinanceFlow:Sources:{Source}:WebhookSecret is not configured", source, source);
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "source-not-configured", "Source not configured", $"FinanceFlow:Sources:{source}:WebhookSecret is not set, so webhooks from '{source}' cannot be verified.");
        }

        var verification = StandardWebhook.Verify(
            sourceSettings.WebhookSecret,
            request.Headers[StandardWebhook.IdHeader].ToString(),
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

        return source == SourceNames.Concur ? RefuseConcurSignature(request, body) : null;
    }

    /// <summary>A 401 answer when the Concur signature is checked (published or configured keys) and <c>Concur-Signature</c> does not verify the body; null otherwise.</summary>
    private IResult? RefuseConcurSignature(HttpRequest request, byte[] body)
    {
        if (!concurSignature.IsConfigured)
        {
            return null;
        }

        var result = concurSignature.Verify(body, request.Headers[ConcurEventSignature.HeaderName].ToString());
        if (result == ConcurSignatureResult.Valid)
        {
            return null;
        }

        logger.LogWarning("Concur webhook refused: Concur-Signature {Result}", result);
        return Problems.Create(StatusCodes.Status401Unauthorized, "invalid-signature", "Concur signature not accepted", result == ConcurSignatureResult.Missing
            ? "The Concur-Signature header is required (FinanceFlow:Sources:concur:VerifyEventSignature or EventPublicKeys)."
            : "Concur-Signature does not verify the body with Concur's published key or any key in FinanceFlow:Sources:concur:EventPublicKeys.");
    }

    private static IResult Unauthorized(WebhookVerification verification) =>
        Problems.Create(StatusCodes.Status401Unauthorized, "invalid-signature", "Webhook signature not accepted", verification switch
        {
            WebhookVerification.MissingHeaders => "The webhook-id, webhook-timestamp and webhook-signature headers are required.",
            WebhookVerification.TimestampOutOfTolerance => "webhook-timestamp is more than 5 minutes away from now; check the sender's clock or replay protection.",
            _ => "webhook-signature does not match the body signed with this source's secret.",
        });
}
