using System.Net;

namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>Concur refused the request or the document (a 4xx, a service code other than success or duplicate, bad credentials): retrying will not help.</summary>
public sealed class ConcurFisException : Exception
{
    public ConcurFisException()
    {
    }

    public ConcurFisException(string message)
        : base(message)
    {
    }

    public ConcurFisException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConcurFisException(string message, int? serviceCode, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ServiceCode = serviceCode;
        StatusCode = statusCode;
    }

    /// <summary>Concur's per-document service code (e.g. 102 recalled, 104 does not exist), when it gave one.</summary>
    public int? ServiceCode { get; }

    /// <summary>The HTTP status, when the request itself was refused.</summary>
    public HttpStatusCode? StatusCode { get; }
}
