using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Intake.Messaging;

/// <summary>
/// Keeps a queue message that found storage unavailable instead of abandoning it at once: it is tried again each time the intake's
/// storage circuit lets calls through, within <see cref="IntakeOptions.MessageHold"/>. A short outage then neither bounces the message
/// (Service Bus would hand an abandoned message back at once, and dead-letter it after its max delivery count) nor counts against the
/// poison threshold; a longer one ends in an ordinary abandon.
/// </summary>
public sealed class StorageOutageHold(IntakeStorageCircuit circuit, IOptions<IntakeOptions> options, TimeProvider time)
{
    /// <summary>The configured hold; a transport whose lease is shorter passes less to <see cref="HandleAsync"/>.</summary>
    public TimeSpan Limit => options.Value.MessageHold;

    /// <summary>Handles the message; while the answer is "storage unavailable" and <paramref name="limit"/> lasts, waits and handles it again.</summary>
    public async Task<IntakeResult> HandleAsync(Func<CancellationToken, Task<IntakeResult>> handle, TimeSpan limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var until = time.GetUtcNow() + limit;
        var result = await handle(cancellationToken);
        while (result.WaitsForStorage)
        {
            // Until the open circuit lets a call through again, or a break's length when it is closed but storage still failed.
            var wait = circuit.RetryAfter;
            if (time.GetUtcNow() + wait > until)
            {
                return result;
            }

            await Task.Delay(wait, time, cancellationToken);
            result = await handle(cancellationToken);
        }

        return result;
    }
}
