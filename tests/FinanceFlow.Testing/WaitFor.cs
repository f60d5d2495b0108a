namespace FinanceFlow.Testing;

/// <summary>Polling instead of sleeping: waits until a condition holds.</summary>
public static class WaitFor
{
    /// <summary>Polls <paramref name="condition"/> until it is true; throws a <see cref="TimeoutException"/> naming <paramref name="what"/>.</summary>
    public static async Task ConditionAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(25);
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                last = ex;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}.", last);
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }
    }

    /// <summary>
    /// Reads until <paramref name="done"/> holds for what <paramref name="read"/> returns or <paramref name="timeout"/> passes, and returns
    /// the last read either way, so the test's assertions say what differs (e.g. hledger-web, which re-reads its file lazily).
    /// </summary>
    public static async Task<T> ResultAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var result = await read();
        while (!done(result) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
            result = await read();
        }

        return result;
    }
}
