using System.Globalization;
using System.Net.Http.Headers;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Messaging;

namespace FinanceFlow.Connectors.StatusFanOut;

/// <summary>
/// POSTs status events (structured CloudEvents, <c>application/cloudevents+json</c>) to a subscriber's URL, signed with Standard Webhooks:
/// <c>webhook-id</c> = event id, so the receiver de-duplicates retries. One attempt per call: the Durable retry policy is the retry layer.
/// </summary>
public sealed class WebhookStatusPublisher(HttpClient http, TimeProvider timeProvider) : IStatusPublisher
{
    public StatusTargetKind Kind => StatusTargetKind.Webhook;

    public async Task<string> PublishAsync(StatusTargetSettings target, StatusCloudEvent statusEvent, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        var url = new Uri(target.Url ?? throw new InvalidOperationException($"Webhook target '{target.DisplayName}' has no Url."), UriKind.Absolute);
        var secret = target.Secret ?? throw new InvalidOperationException($"Webhook target '{target.DisplayName}' has no Secret.");
        var timestamp = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var body = utf8Json.ToArray();

        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(StatusCloudEvent.MediaType) { CharSet = "utf-8" };
        request.Headers.Add(StandardWebhook.IdHeader, statusEvent.Id);
        request.Headers.Add(StandardWebhook.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(StandardWebhook.SignatureHeader, StandardWebhook.Sign(secret, statusEvent.Id, timestamp, body));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(target.TimeoutSeconds));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{url.GetLeftPart(UriPartial.Path)} did not answer within {target.TimeoutSeconds} s.");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException(
                    string.Create(CultureInfo.InvariantCulture, $"{url.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase}."),
                    null,
                    response.StatusCode);
            }

            return string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}");
        }
    }
}
