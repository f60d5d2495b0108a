namespace FinanceFlow.Workflows.Intake;

/// <summary>
/// Storage did not take an intake call: it is down, answered 5xx, did not answer within <c>FinanceFlow:Intake:StorageTimeout</c>, or
/// the intake circuit is open after such failures. The same delivery may be sent again after <see cref="RetryAfter"/>.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StorageUnavailableException(string message, TimeSpan retryAfter, Exception innerException)
        : base(message, innerException) => RetryAfter = retryAfter;

    /// <summary>When a new try may succeed: what is left of the circuit's break, or its whole break duration.</summary>
    public TimeSpan RetryAfter { get; }
}
