namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>Concur has no such financial document (404, or an empty page for its docId): retrying will not help.</summary>
public sealed class ConcurDocumentNotFoundException : Exception
{
    public ConcurDocumentNotFoundException()
    {
    }

    public ConcurDocumentNotFoundException(string message)
        : base(message)
    {
    }

    public ConcurDocumentNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConcurDocumentNotFoundException(string message, Uri href)
        : base(message)
    {
        Href = href;
    }

    /// <summary>The document URL that was asked for.</summary>
    public Uri? Href { get; }
}
