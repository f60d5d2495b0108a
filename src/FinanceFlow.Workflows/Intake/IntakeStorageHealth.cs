using Azure.Storage.Blobs;
using FinanceFlow.Infrastructure.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Intake;

/// <summary>
/// Whether intake's storage answers, for <c>/health</c>: down while the <see cref="IntakeStorageCircuit"/> is open (no storage call),
/// else the answer of one cheap call (the <c>raw</c> container's properties) made through the circuit at most once per
/// <see cref="IntakeOptions.HealthProbeInterval"/>, however often it is asked. Once the break is over, the probe is the circuit's trial call,
/// so health and intake see storage come back together.
/// </summary>
public sealed class IntakeStorageHealth(
    BlobServiceClient blobs, IntakeStorageCircuit circuit, IOptions<IntakeOptions> options, TimeProvider time, ILogger<IntakeStorageHealth> logger) : IDisposable
{
    private readonly SemaphoreSlim _probing = new(1, 1);
    private (DateTimeOffset At, bool Up)? _last;

    /// <summary>When a caller told "down" may look again.</summary>
    public TimeSpan RetryAfter => circuit.RetryAfter;

    /// <summary>True when storage answered the latest probe and the circuit is not open.</summary>
    public async Task<bool> IsUpAsync(CancellationToken cancellationToken)
    {
        if (circuit.IsOpen)
        {
            return false;
        }

        if (Fresh() is { } cached)
        {
            return cached;
        }

        await _probing.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have probed while this one waited.
            if (Fresh() is { } probed)
            {
                return probed;
            }

            var up = await ProbeAsync(cancellationToken);
            _last = (time.GetUtcNow(), up);
            return up;
        }
        finally
        {
            _probing.Release();
        }
    }

    public void Dispose() => _probing.Dispose();

    private bool? Fresh() => _last is { } last && time.GetUtcNow() - last.At < options.Value.HealthProbeInterval ? last.Up : null;

    private async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Whether the container exists or not, storage answered.
            await circuit.RunAsync(ct => blobs.GetBlobContainerClient(BlobRawPayloadStore.ContainerName).ExistsAsync(ct), cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Unavailable, or an answer that makes storage unusable all the same (403: the identity lost its role).
            logger.LogWarning(ex, "Health: storage does not answer");
            return false;
        }
    }
}
