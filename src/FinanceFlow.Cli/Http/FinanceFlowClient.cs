using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FinanceFlow.Core.Intake;

namespace FinanceFlow.Cli.Http;

/// <summary>
/// Signed deliveries to the intake route, and polls of the report route with the command's token. One handler for the whole
/// process.
/// </summary>
public sealed class FinanceFlowClient(Uri baseUrl, string source, string secret, HostAccess access)
{
    private static readonly SocketsHttpHandler Handler = new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = 256,
        AutomaticDecompression = DecompressionMethods.All,
    };

    private static readonly HttpClient Http = new(Handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(60) };

    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };

    public Uri IntakeUri { get; } = new(baseUrl, $"/api/v1/webhooks/{Uri.EscapeDataString(source)}");

    /// <summary><c>GET /api/v1/reports/{source}/{reportId}</c> on this host; the host keeps sources in lower case.</summary>
    public Uri ReportUri(string reportId) =>
        new(baseUrl, $"/api/v1/reports/{Uri.EscapeDataString(source.ToLowerInvariant())}/{Uri.EscapeDataString(reportId)}");

    /// <summary>
    /// Signs and posts one report (<paramref name="reportId"/> is the one in <paramref name="body"/>). A redelivery passes the same
    /// <paramref name="messageId"/>, re-signed with a fresh timestamp. The webhook is signed, not authenticated: no token is sent.
    /// </summary>
    public async Task<IntakeAnswer> DeliverAsync(byte[] body, string reportId, string messageId, CancellationToken cancellationToken)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, IntakeUri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = JsonType;
        request.Headers.Add(StandardWebhook.IdHeader, messageId);
        request.Headers.Add(StandardWebhook.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(StandardWebhook.SignatureHeader, StandardWebhook.Sign(secret, messageId, timestamp, body));

        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await Http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            if (status is 200 or 202)
            {
                return ParseAccepted(status, text, reportId, clock.Elapsed);
            }

            return new IntakeAnswer(status, null, null, ProblemText.Of(text), clock.Elapsed);
        }
        catch (HttpRequestException ex)
        {
            return new IntakeAnswer(0, null, null, ex.Message, clock.Elapsed);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new IntakeAnswer(0, null, null, "timed out: " + ex.Message, clock.Elapsed);
        }
    }

    /// <summary>
    /// One poll of the report route; null when the report is not visible yet, belongs to another run than
    /// <paramref name="instanceId"/> (another version), or the host did not answer.
    /// </summary>
    /// <exception cref="HostRefusedException">The host answered 401 or 403: no poll can succeed with this token.</exception>
    public async Task<ReportState?> GetReportAsync(Uri reportUri, string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, reportUri);
            access.Apply(request);
            using var response = await Http.SendAsync(request, cancellationToken);
            if (HostRefusedException.IsRefusal((int)response.StatusCode))
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                throw HostRefusedException.From(HttpMethod.Get, reportUri, (int)response.StatusCode, text, access);
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            return ReportState.Parse(document.RootElement) is { } state && string.Equals(state.InstanceId, instanceId, StringComparison.Ordinal)
                ? state
                : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    // The answer is {"id", "reportUri"}; a host from before the report route was named in it answers Durable's check-status
    // payload instead, whose management URLs the CLI no longer follows: the report route is built from what was sent.
    private IntakeAnswer ParseAccepted(int status, string text, string reportId, TimeSpan latency)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var id = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            if (id is null)
            {
                return new IntakeAnswer(status, null, null, "answer names no run (no \"id\")", latency);
            }

            var named = root.TryGetProperty("reportUri", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var reportUri = named is not null && Uri.TryCreate(baseUrl, named, out var given) ? given : ReportUri(reportId);
            return new IntakeAnswer(status, id, reportUri, null, latency);
        }
        catch (JsonException ex)
        {
            return new IntakeAnswer(status, null, null, "answer is not JSON: " + ex.Message, latency);
        }
    }
}
