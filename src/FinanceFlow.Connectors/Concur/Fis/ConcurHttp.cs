using System.Net;
using System.Text.Json;

namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>How FIS HTTP answers are classified.</summary>
internal static class ConcurHttp
{
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    public static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>The start of an error body, for exception messages.</summary>
    public static string Excerpt(string body)
    {
        var text = body.ReplaceLineEndings(" ").Trim();
        return text.Length <= 500 ? text : string.Concat(text.AsSpan(0, 500), "…");
    }

    /// <summary>Throws the transient or refusing exception for a non-success answer.</summary>
    public static void ThrowIfFailed(HttpResponseMessage response, string body, string operation)
    {
        var status = response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var message = $"Concur FIS answered {(int)status} {status} to {operation}: {Excerpt(body)}";
        throw IsTransient(status)
            ? new ConcurUnavailableException(message, status, RetryAfter(response), new HttpRequestException(message, null, status))
            : new ConcurFisException(message, serviceCode: null, status);
    }

    // A docId query for a document that is not (or no longer) ready answers an empty page rather than 404.
    public static bool IsEmptyPage(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && (document.RootElement.TryGetProperty("content", out var page) || document.RootElement.TryGetProperty("fIDocuments", out page))
                && page.ValueKind == JsonValueKind.Array && page.GetArrayLength() == 0;
        }
        catch (JsonException)
        {
            // Not for this client to judge: the parser reports malformed documents with field paths.
            return false;
        }
    }
}
