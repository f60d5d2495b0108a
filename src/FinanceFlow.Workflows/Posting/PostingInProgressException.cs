namespace FinanceFlow.Workflows.Posting;

/// <summary>Another worker holds the posting lease for this reference; the Durable retry policy tries again later.</summary>
public sealed class PostingInProgressException : Exception
{
    public PostingInProgressException()
    {
    }

    public PostingInProgressException(string message)
        : base(message)
    {
    }

    public PostingInProgressException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
