using System.Net;

namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>Concur could not answer now (5xx, 429, 408, timeout, unreachable, service code 199): worth retrying.</summary>
public sealed class ConcurUnavailableException : Exception
{
    public ConcurUnavailableException()
    {
    }

    public ConcurUnavailableException(string message)
        : base(message)
    {
    }

    public ConcurUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConcurUnavailableException(string message, HttpStatusCode statusCode, TimeSpan? retryAfter, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status when Concur answered; null for timeouts and network failures.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Concur's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }
}
