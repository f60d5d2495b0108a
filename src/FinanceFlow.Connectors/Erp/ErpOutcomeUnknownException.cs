namespace FinanceFlow.Connectors.Erp;

/// <summary>
/// The posting was sent and its answer never came (a timeout, a reset connection, a 5xx): the ERP may or may not have written it.
/// Never a reason to send again: settle it first with an authoritative read by external reference.
/// </summary>
public sealed class ErpOutcomeUnknownException : Exception
{
    public ErpOutcomeUnknownException()
    {
    }

    public ErpOutcomeUnknownException(string message)
        : base(message)
    {
    }

    public ErpOutcomeUnknownException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
