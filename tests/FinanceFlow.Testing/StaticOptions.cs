using Microsoft.Extensions.Options;

namespace FinanceFlow.Testing;

/// <summary>Options that do not change during a test.</summary>
public sealed class StaticOptions<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
