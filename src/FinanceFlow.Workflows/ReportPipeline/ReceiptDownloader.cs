using System.Globalization;
using FinanceFlow.Core.Attachments;
using FinanceFlow.Core.Configuration;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>One receipt download: its bytes, or the finding code and a reason that names the host, status or limit (never the answer's text).</summary>
public sealed record ReceiptDownload(byte[]? Content, string? RefusalCode = null, string? Reason = null)
{
    public static ReceiptDownload Refused(string code, string reason) => new(null, code, reason);
}

/// <summary>
/// Fetches receipts a source gives by https URL, only from the source's receipt hosts, over connections that refuse inside
/// addresses (<see cref="ReceiptConnections"/>), without following redirects, within a time limit and <see cref="ReceiptContent.MaxBytes"/>.
/// GETs are idempotent, so the standard resilience handler retries transient answers.
/// </summary>
public sealed class ReceiptDownloader(HttpClient http, IOptionsMonitor<FinanceFlowOptions> options, IOptionsMonitor<ReceiptFetchSettings> settings)
{
    public async Task<ReceiptDownload> DownloadAsync(string source, Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme != Uri.UriSchemeHttps)
        {
            return ReceiptDownload.Refused(ReceiptFindings.NotHttps, $"receipts are fetched over https only, not {url.Scheme}");
        }

        var host = ReceiptHosts.Normalize(url.IdnHost);
        var setting = $"{FinanceFlowOptions.SectionName}:Sources:{source}:ReceiptHosts";
        var allowed = options.CurrentValue.Sources.TryGetValue(source, out var sourceSettings) ? sourceSettings.ReceiptHosts : [];
        if (allowed.Count == 0)
        {
            return ReceiptDownload.Refused(ReceiptFindings.DownloadsOff, $"receipt downloads are off for source '{source}': {setting} lists no host");
        }

        if (!ReceiptHosts.Allows(allowed, host))
        {
            return ReceiptDownload.Refused(ReceiptFindings.HostNotAllowed, $"host '{host}' is not in {setting}");
        }

        var limit = settings.CurrentValue.TimeoutSeconds;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(limit));
        try
        {
            return await FetchAsync(url, host, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TimedOut(host, limit);
        }
        catch (TimeoutRejectedException)
        {
            return TimedOut(host, limit);
        }
        catch (BrokenCircuitException)
        {
            return ReceiptDownload.Refused(ReceiptFindings.Unavailable, $"host '{host}' was not asked: receipt downloads are paused after repeated failures");
        }
        catch (HttpRequestException ex) when (ex.InnerException is ReceiptAddressRefusedException)
        {
            return ReceiptDownload.Refused(
                ReceiptFindings.AddressNotAllowed,
                $"host '{host}' resolves to no address receipts may come from (loopback, private, link-local and metadata addresses are refused)");
        }
        catch (HttpRequestException ex)
        {
            return ReceiptDownload.Refused(ReceiptFindings.Unavailable, $"host '{host}' could not be reached ({Describe(ex.HttpRequestError)})");
        }
    }

    private async Task<ReceiptDownload> FetchAsync(Uri url, string host, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            return ReceiptDownload.Refused(ReceiptFindings.Redirected, $"host '{host}' answered {status} (a redirect); redirects are not followed");
        }

        if (!response.IsSuccessStatusCode)
        {
            return ReceiptDownload.Refused(ReceiptFindings.Unavailable, $"host '{host}' answered {status}");
        }

        if (response.Content.Headers.ContentLength is > ReceiptContent.MaxBytes and var announced)
        {
            return TooLarge(host, string.Create(CultureInfo.InvariantCulture, $"announced {announced} bytes"));
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > ReceiptContent.MaxBytes)
            {
                return TooLarge(host, "sent more");
            }

            buffer.Write(chunk, 0, read);
        }

        return new ReceiptDownload(buffer.ToArray());
    }

    private static ReceiptDownload TooLarge(string host, string what) =>
        ReceiptDownload.Refused(ReceiptFindings.TooLarge, $"host '{host}' {what}; a receipt is at most 10 MiB");

    private static ReceiptDownload TimedOut(string host, int seconds) =>
        ReceiptDownload.Refused(ReceiptFindings.TimedOut, string.Create(CultureInfo.InvariantCulture, $"host '{host}' did not deliver the receipt within {seconds} s"));

    private static string Describe(HttpRequestError error) => error switch
    {
        HttpRequestError.NameResolutionError => "its name does not resolve",
        HttpRequestError.ConnectionError => "no connection",
        HttpRequestError.SecureConnectionError => "TLS failed",
        HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded => "an invalid answer",
        HttpRequestError.ConfigurationLimitExceeded => "headers over the limit",
        _ => "transport error",
    };
}
