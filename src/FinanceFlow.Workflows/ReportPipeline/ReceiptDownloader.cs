using FinanceFlow.Core.Attachments;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>Fetches receipts that a source gives by https URL. GETs are idempotent, so the standard resilience handler retries them.</summary>
public sealed class ReceiptDownloader(HttpClient http)
{
    /// <summary>The bytes at <paramref name="url"/>, or null when the receipt is larger than <see cref="ReceiptContent.MaxBytes"/>.</summary>
    public async Task<byte[]?> DownloadAsync(Uri url, CancellationToken cancellationToken)
    {
        if (url.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"Receipts are fetched over https only, not '{url.Scheme}'.", nameof(url));
        }

        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > ReceiptContent.MaxBytes)
        {
            return null;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > ReceiptContent.MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
