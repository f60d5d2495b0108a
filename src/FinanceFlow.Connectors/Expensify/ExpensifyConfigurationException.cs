namespace FinanceFlow.Connectors.Expensify;

/// <summary>Expensify refused our credentials or the source is not configured: retrying will not help until the settings change.</summary>
public sealed class ExpensifyConfigurationException : Exception
{
    public ExpensifyConfigurationException()
    {
    }

    public ExpensifyConfigurationException(string message)
        : base(message)
    {
    }

    public ExpensifyConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ExpensifyConfigurationException(string message, int responseCode)
        : base(message)
    {
        ResponseCode = responseCode;
    }

    /// <summary>Expensify's <c>responseCode</c> (or the HTTP status) when it answered; null when it did not.</summary>
    public int? ResponseCode { get; }
}
