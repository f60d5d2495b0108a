namespace FinanceFlow.Connectors.Expensify;

/// <summary>Expensify refused the request itself (e.g. 410 validation) or answered something unreadable: retrying the same request will not help.</summary>
public sealed class ExpensifyRequestException : Exception
{
    public ExpensifyRequestException()
    {
    }

    public ExpensifyRequestException(string message)
        : base(message)
    {
    }

    public ExpensifyRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ExpensifyRequestException(string message, int responseCode)
        : base(message)
    {
        ResponseCode = responseCode;
    }

    /// <summary>Expensify's <c>responseCode</c> (or the HTTP status) when it answered; null when it did not.</summary>
    public int? ResponseCode { get; }
}
