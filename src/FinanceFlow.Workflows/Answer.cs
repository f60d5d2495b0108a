namespace FinanceFlow.Workflows;

/// <summary>What a use case answers: its value, or the <see cref="Workflows.Refusal"/> that says why there is none.</summary>
public sealed class Answer<T>
    where T : notnull
{
    private Answer(T? value, Refusal? refusal)
    {
        Value = value;
        Refusal = refusal;
    }

    public T? Value { get; }

    public Refusal? Refusal { get; }

    public static implicit operator Answer<T>(T value) => new(value, null);

    public static implicit operator Answer<T>(Refusal refusal) => new(default, refusal);
}
