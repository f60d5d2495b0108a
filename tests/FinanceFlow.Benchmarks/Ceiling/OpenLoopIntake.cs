using System.Diagnostics;
using FinanceFlow.Testing;

namespace FinanceFlow.Benchmarks.Ceiling;

/// <summary>
/// Intake latency at an offered rate: signed webhooks sent on a fixed schedule (open loop), each on its own, never waiting for an
/// answer before the next is due, so a slow answer cannot hold back the requests behind it and hide its cost. One attempt per
/// webhook, no retry: a 503 is counted as an answer that is not a 202.
/// </summary>
internal sealed class OpenLoopIntake(Uri selfHost, string secret) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { ActivityHeadersPropagator = null })
    {
        BaseAddress = selfHost,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async Task<IntakeLatency> SendAsync(IReadOnlyList<(string Id, byte[] Body)> reports, double rate, CancellationToken cancellationToken)
    {
        var answers = new Task<IntakeAnswer>[reports.Count];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < reports.Count; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            var report = reports[i];
            answers[i] = Task.Run(() => DeliverOnceAsync(report.Id, report.Body, cancellationToken), cancellationToken);
        }

        var sendSeconds = clock.Elapsed.TotalSeconds;
        var achieved = reports.Count > 1 && sendSeconds > 0 ? (reports.Count - 1) / sendSeconds : rate;
        return new IntakeLatency(rate, achieved, await Task.WhenAll(answers));
    }

    public void Dispose() => _http.Dispose();

    private async Task<IntakeAnswer> DeliverOnceAsync(string reportId, byte[] body, CancellationToken cancellationToken)
    {
        using var request = SignedWebhook.Request("/api/v1/webhooks/canonical", secret, "msg_" + Guid.NewGuid().ToString("N"), body);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return new IntakeAnswer(reportId, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Refused, reset or timed out: a webhook the sender would have to send again.
            return new IntakeAnswer(reportId, 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
