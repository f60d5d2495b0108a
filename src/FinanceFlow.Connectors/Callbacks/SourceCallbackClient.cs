using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Connectors.Callbacks;

/// <summary>POSTs status callbacks signed with the source's Standard Webhooks secret to its <c>CallbackUrl</c>.</summary>
public sealed class SourceCallbackClient(
    HttpClient http, IOptionsMonitor<FinanceFlowOptions> options, TimeProvider timeProvider, ILogger<SourceCallbackClient> logger)
    : ISourceCallbackClient
{
    /// <summary>How long one delivery may take before it counts as failed (and the caller's retry sends it again).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task<CallbackDelivery> SendAsync(StatusCallback callback, string messageId, CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.Sources.TryGetValue(callback.Source, out var source) || string.IsNullOrWhiteSpace(source.CallbackUrl))
        {
            return CallbackDelivery.NotConfigured;
        }

        if (string.IsNullOrWhiteSpace(source.WebhookSecret))
        {
            throw new InvalidOperationException(
                $"'{FinanceFlowOptions.SectionName}:Sources:{callback.Source}:WebhookSecret' is required to sign callbacks to its CallbackUrl.");
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(callback, FinanceFlowJson.Options);
        var timestamp = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var signature = StandardWebhook.Sign(source.WebhookSecret, messageId, timestamp, body);

        // A retry by the caller sends a message with this same id: the receiver de-duplicates on webhook-id.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(source.CallbackUrl, UriKind.Absolute));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(StandardWebhook.IdHeader, messageId);
        request.Headers.Add(StandardWebhook.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(StandardWebhook.SignatureHeader, signature);

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The {callback.Source} callback {messageId} was answered {(int)response.StatusCode} {response.ReasonPhrase}."),
                null,
                response.StatusCode);
        }

        logger.LogInformation("Delivered {Source} callback {MessageId} for report {ReportId}", callback.Source, messageId, callback.ReportId);
        return CallbackDelivery.Delivered;
    }
}
