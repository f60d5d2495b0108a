using System.Globalization;
using System.Net.Http.Headers;
using FinanceFlow.Core.Intake;

namespace FinanceFlow.Testing;

/// <summary>A webhook as an expense platform delivers it: a JSON body with Standard Webhooks headers signed with the shared secret.</summary>
public static class SignedWebhook
{
    /// <summary>A POST of <paramref name="body"/> to <paramref name="path"/> (e.g. <c>/api/v1/webhooks/canonical</c>), signed now.</summary>
    public static HttpRequestMessage Request(string path, string secret, string messageId, byte[] body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(StandardWebhook.IdHeader, messageId);
        request.Headers.Add(StandardWebhook.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(StandardWebhook.SignatureHeader, StandardWebhook.Sign(secret, messageId, timestamp, body));
        return request;
    }
}
