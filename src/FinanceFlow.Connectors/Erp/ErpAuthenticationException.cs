namespace FinanceFlow.Connectors.Erp;

/// <summary>The ERP or its token endpoint refused our credentials: not retried, shown to finance ops with the ERP's words.</summary>
public sealed class ErpAuthenticationException : Exception
{
    public ErpAuthenticationException()
    {
    }

    public ErpAuthenticationException(string message)
        : base(message)
    {
    }

    public ErpAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
