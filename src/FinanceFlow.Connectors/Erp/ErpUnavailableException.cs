namespace FinanceFlow.Connectors.Erp;

/// <summary>
/// The ERP could not be reached or read, and a posting certainly was not written (connection refused before sending, throttled,
/// an answer that says nothing was written): worth retrying. A send whose answer never came is <see cref="ErpOutcomeUnknownException"/>.
/// </summary>
public sealed class ErpUnavailableException : Exception
{
    public ErpUnavailableException()
    {
    }

    public ErpUnavailableException(string message)
        : base(message)
    {
    }

    public ErpUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
