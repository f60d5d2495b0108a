using System.Net;

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
}
