namespace FinanceFlow.Workflows.Sources;

/// <summary>A source platform did not take a payment; nothing is recorded as paid.</summary>
public sealed class SourcePaymentException : Exception
{
    public SourcePaymentException()
    {
    }

    public SourcePaymentException(string message)
        : base(message)
    {
    }

    public SourcePaymentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SourcePaymentException(SourcePaymentFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public SourcePaymentFailure Failure { get; } = SourcePaymentFailure.Refused;
}

/// <summary>Why a payment did not reach the source; the payment operation answers 503, 502 or 409 for them.</summary>
public enum SourcePaymentFailure
{
    /// <summary>The platform is down or busy (5xx, 429, timeouts): the same request later will do.</summary>
    Unavailable,

    /// <summary>The platform answered no (refused, unknown document, bad credentials).</summary>
    Refused,

    /// <summary>FinanceFlow lacks what the platform needs (e.g. the source document of a purged run).</summary>
    Unanswerable,
}
