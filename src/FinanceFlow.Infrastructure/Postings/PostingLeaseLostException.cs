namespace FinanceFlow.Infrastructure.Postings;

/// <summary>
/// A posting's lease lapsed and another claim took the row over (its generation moved on): the worker that held it must neither
/// send nor record. The new holder settles the posting; a retry of this attempt finds it held or posted.
/// </summary>
public sealed class PostingLeaseLostException : Exception
{
    public PostingLeaseLostException()
    {
    }

    public PostingLeaseLostException(string message)
        : base(message)
    {
    }

    public PostingLeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
