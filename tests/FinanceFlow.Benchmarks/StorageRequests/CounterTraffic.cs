using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using FinanceFlow.Testing;

namespace FinanceFlow.Benchmarks.StorageRequests;

/// <summary>
/// The counter's HTTP traffic to the self-host. Every request carries a <c>traceparent</c> the self-host passes on to its storage
/// calls, so Azurite's log tells who caused each one: webhooks carry <see cref="IntakeTraceId"/> (their storage requests are the
/// reports' own), everything else the counter asks (status polls, master-data set-up) carries <see cref="OwnTraceId"/> and is left out.
/// </summary>
internal sealed class CounterTraffic(Uri selfHost, string secret) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { ActivityHeadersPropagator = null })
    {
        BaseAddress = selfHost,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public string IntakeTraceId { get; } = ActivityTraceId.CreateRandom().ToHexString();

    public string OwnTraceId { get; } = ActivityTraceId.CreateRandom().ToHexString();

    /// <summary>Sends each report as a signed canonical webhook, <paramref name="rate"/> per second, until each is taken (202; 503 is sent again).</summary>
    public async Task SendAsync(IReadOnlyList<(string Id, byte[] Body)> reports, double rate, int inFlight, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(inFlight);
        var clock = Stopwatch.StartNew();
        var sends = new List<Task>();
        for (var i = 0; i < reports.Count; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            await slots.WaitAsync(cancellationToken);
            var report = reports[i];
            sends.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        await DeliverAsync(report.Id, report.Body, cancellationToken);
                    }
                    finally
                    {
                        slots.Release();
                    }
                },
                cancellationToken));
        }

        await Task.WhenAll(sends);
    }

    /// <summary>Waits until no run of these reports is pending or running any more (one instance query per poll), then checks each ended Posted.</summary>
    public async Task<IReadOnlyList<string>> WaitUntilFinishedAsync(string idPrefix, IEnumerable<string> reportIds, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var prefix = Uri.EscapeDataString($"expense:canonical:{idPrefix}");
        await WaitFor.ConditionAsync(
            async () =>
            {
                using var open = await GetJsonAsync($"/runtime/webhooks/durabletask/instances?runtimeStatus=Pending,Running&instanceIdPrefix={prefix}", cancellationToken);
                return open.RootElement.GetArrayLength() == 0;
            },
            timeout,
            $"every report {idPrefix}* to finish");

        var notPosted = new List<string>();
        foreach (var id in reportIds)
        {
            using var view = await GetJsonAsync($"/api/v1/reports/canonical/{id}", cancellationToken);
            var outcome = view.RootElement.GetProperty("outcome").GetString();
            var runtime = view.RootElement.GetProperty("runtimeStatus").GetString();
            if (outcome != "Posted" || runtime != "Completed")
            {
                var text = view.RootElement.ToString();
                notPosted.Add($"{id}: {outcome}/{runtime} {text[..Math.Min(text.Length, 800)]}");
            }
        }

        return notPosted;
    }

    /// <summary>A request as <paramref name="actor"/> (every role) with the counter's own trace id; the answer's status and body.</summary>
    public async Task<(HttpStatusCode Status, JsonDocument Body)> SendAsAsync(string actor, HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = TestIdentity.Bearer(actor);
        request.Headers.Add("traceparent", TraceParent(OwnTraceId));
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text));
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonDocument> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        var (status, body) = await SendAsAsync(TestIdentity.OperatorName, HttpMethod.Get, path, null, cancellationToken);
        if ((int)status is < 200 or >= 300)
        {
            var text = body.RootElement.ToString();
            body.Dispose();
            throw new InvalidOperationException($"GET {path} answered {(int)status}: {text}");
        }

        return body;
    }

    /// <summary>As a Standard Webhooks sender does: the same webhook-id again after a 503 (after Retry-After).</summary>
    private async Task DeliverAsync(string reportId, byte[] body, CancellationToken cancellationToken)
    {
        var messageId = "msg_" + Guid.NewGuid().ToString("N");
        while (true)
        {
            using var request = SignedWebhook.Request("/api/v1/webhooks/canonical", secret, messageId, body);
            request.Headers.Add("traceparent", TraceParent(IntakeTraceId));
            using var response = await _http.SendAsync(request, cancellationToken);
            switch (response.StatusCode)
            {
                case HttpStatusCode.Accepted:
                    return;
                case HttpStatusCode.ServiceUnavailable:
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
                    continue;
                default:
                    throw new InvalidOperationException(
                        $"The webhook of {reportId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
    }

    // A new span per request under the given trace: the self-host's storage calls carry the trace id on.
    private static string TraceParent(string traceId) => $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
}
