namespace FinanceFlow.Workflows.Posting;

/// <summary>
/// A posting attempt stopped because FinanceFlow's own storage (the posting log, the audit trail) could not be reached: nothing about
/// the ERP is known from it, and a later attempt, once storage is back, settles it through the posting log.
/// </summary>
public sealed class PostingStorageUnavailableException : Exception
{
    public PostingStorageUnavailableException()
    {
    }

    public PostingStorageUnavailableException(string message)
        : base(message)
    {
    }

    public PostingStorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
