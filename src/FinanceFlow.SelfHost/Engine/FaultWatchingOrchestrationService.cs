using DurableTask.Core;

namespace FinanceFlow.SelfHost.Engine;

/// <summary>
/// The worker's view of the Azure Storage backend: it backs off per message instead of stalling the whole dispatcher, and it counts
/// the storage faults after which the backend may have lost track of its own work.
/// </summary>
/// <remarks>
/// <para>
/// DurableTask.Core 3.11 makes a dispatcher wait <see cref="GetDelayInSecondsAfterOnProcessException"/> seconds after every fetch
/// once one work item failed, until five work items in a row succeed; the backend says 10 s. The self-host has one orchestration
/// dispatcher, so after a storage outage every orchestration step of every report waited 10 s, messages outlived their
/// visibility timeout while queued in memory, came back as duplicates, failed again on stale ETags and re-armed the delay: the
/// "Running for good" of issue 12. A failed work item is already retried by its own messages (abandoned with a back-off),
/// so a failure costs that item alone here: no dispatcher-wide delay after a processing failure, one second after a failed fetch
/// (storage unreachable) so the loop does not spin.
/// </para>
/// <para>
/// DurableTask.AzureStorage 2.11.2 also leaks the in-memory session of an orchestration when
/// <c>LockNextTaskOrchestrationWorkItemAsync</c> fails after it took the session (e.g. abandoning an out-of-order message while
/// storage is down): the session stays "active", every later message of that instance is parked in it, and the instance makes
/// no progress until the process restarts (docs/architecture.md, "Storage outages"). Nothing outside the backend can release
/// that session, so <see cref="DurableTaskFrameworkHost"/> replaces the worker once storage answers again.
/// </para>
/// <para>
/// The activity side has the same kind of leak: the backend forgets an activity work item only once abandoning (or completing) it
/// reached storage. When the abandon after a failed completion throws too (storage still down), the item stays "active" in memory;
/// its message becomes visible again after the visibility timeout, is refused as "being processed multiple times concurrently"
/// and hidden for another timeout, for good, and the report waits on that step forever (seen in CI on StorageOutageTests). So the
/// abandon is retried here while storage is away (about a minute); if it still fails, it counts as a fault and the worker is
/// replaced once storage answers.
/// </para>
/// </remarks>
public sealed class FaultWatchingOrchestrationService(IOrchestrationService inner, IReadOnlyList<TimeSpan>? abandonRetryDelays = null)
    : DelegatingOrchestrationService(inner), IDisposable
{
    // About a minute in all: longer than the short outages Azure Storage has, shorter than the queues' visibility timeout.
    private static readonly TimeSpan[] DefaultAbandonRetryDelays =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15)];

    private readonly IReadOnlyList<TimeSpan> _abandonRetryDelays = abandonRetryDelays ?? DefaultAbandonRetryDelays;
    private readonly CancellationTokenSource _stopping = new();
    private long _fetchFaults;
    private long _abandonFaults;

    /// <summary>How many times fetching an orchestration work item failed with something other than cancellation.</summary>
    public long FetchFaults => Interlocked.Read(ref _fetchFaults);

    /// <summary>How many activity work items could not be abandoned even after the retries, and so stay stranded in memory.</summary>
    public long AbandonFaults => Interlocked.Read(ref _abandonFaults);

    /// <summary>Every fault after which work may be stranded in this backend's memory until the worker is replaced.</summary>
    public long Faults => FetchFaults + AbandonFaults;

    public override async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        try
        {
            return await base.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Interlocked.Increment(ref _fetchFaults);
            throw;
        }
    }

    public override async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await base.AbandonTaskActivityWorkItemAsync(workItem);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < _abandonRetryDelays.Count && !_stopping.IsCancellationRequested)
            {
                // Storage is likely still away; the dispatcher released this item's slot already, so waiting holds nothing else up.
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Interlocked.Increment(ref _abandonFaults);
                throw;
            }

            try
            {
                await Task.Delay(_abandonRetryDelays[attempt], _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // The worker is stopping and its memory goes with it; the message comes back after its visibility timeout.
                return;
            }
        }
    }

    public override int GetDelayInSecondsAfterOnProcessException(Exception exception) => 0;

    public override int GetDelayInSecondsAfterOnFetchException(Exception exception) => 1;

    public override async Task StopAsync(bool isForced)
    {
        await _stopping.CancelAsync();
        await base.StopAsync(isForced);
    }

    public override async Task StopAsync()
    {
        await _stopping.CancelAsync();
        await base.StopAsync();
    }

    public void Dispose() => _stopping.Dispose();
}
