namespace FinanceFlow.Connectors.Erp;

/// <summary>The ERP could not take the posting now (down, timed out, 5xx, throttled): worth retrying.</summary>
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
