namespace FinanceFlow.Connectors.Expensify;

/// <summary>Expensify could not do it now (5xx, 429, timeout, unreachable, or our own rate-limit queue full): worth retrying later.</summary>
public sealed class ExpensifyUnavailableException : Exception
{
    public ExpensifyUnavailableException()
    {
    }

    public ExpensifyUnavailableException(string message)
        : base(message)
    {
    }

    public ExpensifyUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ExpensifyUnavailableException(string message, int responseCode)
        : base(message)
    {
        ResponseCode = responseCode;
    }

    /// <summary>Expensify's <c>responseCode</c> (or the HTTP status) when it answered; null when it did not.</summary>
    public int? ResponseCode { get; }
}
