using DurableTask.Core;

namespace FinanceFlow.SelfHost.Engine;

/// <summary>
/// The worker's view of the Azure Storage backend: it backs off per message instead of stalling the whole dispatcher, and it notes
/// when fetching an orchestration work item failed.
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
/// </remarks>
public sealed class FaultWatchingOrchestrationService(IOrchestrationService inner) : IOrchestrationService
{
    private long _fetchFaults;

    /// <summary>How many times fetching an orchestration work item failed with something other than cancellation.</summary>
    public long FetchFaults => Interlocked.Read(ref _fetchFaults);

    /// <summary>The backend this wraps (the worker's own instance, not the client's).</summary>
    public IOrchestrationService Inner => inner;

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Interlocked.Increment(ref _fetchFaults);
            throw;
        }
    }

    public Task StartAsync() => inner.StartAsync();

    public Task StopAsync() => inner.StopAsync();

    public Task StopAsync(bool isForced) => inner.StopAsync(isForced);

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => 0;

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => 1;

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState) =>
        inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) =>
        inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => inner.AbandonTaskActivityWorkItemAsync(workItem);
}
