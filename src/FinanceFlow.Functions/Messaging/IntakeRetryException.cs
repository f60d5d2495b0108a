namespace FinanceFlow.Functions.Messaging;

/// <summary>Thrown to hand a queue message back to the Functions runtime for another try.</summary>
public sealed class IntakeRetryException : Exception
{
    public IntakeRetryException()
    {
    }

    public IntakeRetryException(string message)
        : base(message)
    {
    }

    public IntakeRetryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
