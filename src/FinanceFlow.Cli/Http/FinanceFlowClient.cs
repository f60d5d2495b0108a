using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FinanceFlow.Core.Intake;

namespace FinanceFlow.Cli.Http;

/// <summary>Signed deliveries to the intake route and status polls. One handler for the whole process.</summary>
public sealed class FinanceFlowClient(Uri baseUrl, string source, string secret)
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

    /// <summary>Signs and posts one report. A redelivery passes the same <paramref name="messageId"/>, re-signed with a fresh timestamp.</summary>
    public async Task<IntakeAnswer> DeliverAsync(byte[] body, string messageId, CancellationToken cancellationToken)
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
                return ParseAccepted(status, text, clock.Elapsed);
            }

            return new IntakeAnswer(status, null, null, ProblemText(text), clock.Elapsed);
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

    /// <summary>One status poll; null when the instance is not visible yet or the host did not answer.</summary>
    public async Task<OrchestrationStatus?> GetStatusAsync(Uri statusUri, CancellationToken cancellationToken)
    {
        try
        {
            // The input (the whole report) is not needed to follow a run.
            var separator = string.IsNullOrEmpty(statusUri.Query) ? "?" : "&";
            using var response = await Http.GetAsync(new Uri(statusUri + separator + "showInput=false"), cancellationToken);
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Accepted))
            {
                return null;
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            return OrchestrationStatus.Parse(document.RootElement);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>
    /// When the report's status row was last written (the run's final step), to the tick. The Durable status
    /// API rounds <c>lastUpdatedTime</c> to whole seconds, too coarse for latency figures.
    /// </summary>
    public async Task<DateTimeOffset?> GetReportUpdatedAtAsync(string reportId, CancellationToken cancellationToken)
    {
        try
        {
            var uri = new Uri(baseUrl, $"/api/v1/reports/{Uri.EscapeDataString(source)}/{Uri.EscapeDataString(reportId)}");
            using var response = await Http.GetAsync(uri, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            return document.RootElement.TryGetProperty("updatedAt", out var at) && at.TryGetDateTimeOffset(out var value) ? value : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    private IntakeAnswer ParseAccepted(int status, string text, TimeSpan latency)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var id = root.TryGetProperty("id", out var i) ? i.GetString() : null;
            var uri = root.TryGetProperty("statusQueryGetUri", out var s) ? s.GetString() : null;
            if (uri is null || !Uri.TryCreate(baseUrl, uri, out var statusUri))
            {
                return new IntakeAnswer(status, id, null, "answer has no statusQueryGetUri", latency);
            }

            return new IntakeAnswer(status, id, statusUri, null, latency);
        }
        catch (JsonException ex)
        {
            return new IntakeAnswer(status, null, null, "answer is not JSON: " + ex.Message, latency);
        }
    }

    private static string ProblemText(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            string? Field(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var parts = new[] { Field("title"), Field("detail") }.Where(p => !string.IsNullOrWhiteSpace(p));
            var joined = string.Join(": ", parts);
            return joined.Length > 0 ? joined : Truncate(text);
        }
        catch (JsonException)
        {
            return Truncate(text);
        }
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
