using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SdkPurgeResult = Microsoft.DurableTask.Client.PurgeResult;
using SdkQuery = Microsoft.DurableTask.Client.OrchestrationQuery;

namespace FinanceFlow.SelfHost.Engine;

/// <summary>
/// A Durable Task SDK client over a DTFx orchestration service. Inputs and events are serialized once with the SDK
/// converter and sent as raw task messages, never through DTFx's Newtonsoft-based TaskHubClient (double encoding).
/// </summary>
public sealed class DtfxDurableTaskClient(IOrchestrationServiceClient service, DataConverter converter, string name = "FinanceFlow")
    : DurableTaskClient(name)
{
    private static readonly OrchestrationStatus[] RunningStatuses =
        [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.ContinuedAsNew];

    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromMilliseconds(500);

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName,
        object? input,
        StartOrchestrationOptions? options = null,
        CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        if (!string.IsNullOrEmpty(options?.Version?.Version))
        {
            throw new NotSupportedException("The self-host registers orchestrators without versions; start them without a version.");
        }

        return await StartSerializedAsync(orchestratorName.Name, converter.Serialize(input), options);
    }

    public override async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        _ = await GetStateAsync(instanceId) ?? throw new ArgumentException($"No orchestration instance with id '{instanceId}' was found.", nameof(instanceId));
        await SendAsync(instanceId, new EventRaisedEvent(-1, converter.Serialize(eventPayload)) { Name = eventName });
    }

    public override async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (options?.Recursive == true)
        {
            throw new NotSupportedException("Recursive termination is not supported by the DTFx client; terminate sub-orchestrations by id.");
        }

        // The reason becomes the instance output: serialize it so output stays JSON like every other payload.
        await service.ForceTerminateTaskOrchestrationAsync(instanceId, converter.Serialize(options?.Output));
    }

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionSuspendedEvent(-1, reason));

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionResumedEvent(-1, reason));

    public override Task RewindInstanceAsync(string instanceId, string reason, CancellationToken cancellation = default) =>
        service is AzureStorageOrchestrationService azureStorage
            ? azureStorage.RewindTaskOrchestrationAsync(instanceId, reason)
            : throw new NotSupportedException($"Rewind is supported on Azure Storage only, not on {service.GetType().Name}.");

    public override Task<IList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default) =>
        throw new NotSupportedException("History is not exposed by the self-host client: DTFx returns it as untyped JSON. Read the task hub's History table instead.");

    public override async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default)
    {
        var state = await GetStateAsync(instanceId)
            ?? throw new ArgumentException($"No orchestration instance with id '{instanceId}' was found.", nameof(instanceId));
        var newId = restartWithNewInstanceId ? Guid.NewGuid().ToString("N") : instanceId;
        return await StartSerializedAsync(state.Name, state.Input, new StartOrchestrationOptions(newId));
    }

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        var state = await GetStateAsync(instanceId);
        return state is null ? null : OrchestrationStateMapping.ToMetadata(state, getInputsAndOutputs, converter);
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(SdkQuery? filter = null)
    {
        if (service is not IOrchestrationServiceQueryClient queries)
        {
            throw new NotSupportedException($"{service.GetType().Name} does not support instance queries.");
        }

        return Pageable.Create(async (string? continuation, int? pageSize, CancellationToken cancellation) =>
        {
            var query = OrchestrationStateMapping.ToCore((filter ?? new SdkQuery()) with { ContinuationToken = continuation ?? filter?.ContinuationToken, PageSize = pageSize ?? filter?.PageSize ?? SdkQuery.DefaultPageSize });
            OrchestrationQueryResult result = await queries.GetOrchestrationWithQueryAsync(query, cancellation);
            var values = result.OrchestrationState
                .Select(s => OrchestrationStateMapping.ToMetadata(s, query.FetchInputsAndOutputs, converter))
                .ToList();
            return new Page<OrchestrationMetadata>(values, result.ContinuationToken);
        });
    }

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation);

    public override async Task<SdkPurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var result = await PurgeClient.PurgeInstanceStateAsync(instanceId);
        return new SdkPurgeResult(result.DeletedInstanceCount, result.IsComplete);
    }

    public override async Task<SdkPurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var result = await PurgeClient.PurgeInstanceStateAsync(OrchestrationStateMapping.ToCore(filter));
        return new SdkPurgeResult(result.DeletedInstanceCount, result.IsComplete);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask; // The orchestration service is owned by the container.

    /// <summary>Starts an orchestration whose input is already JSON written by the SDK converter.</summary>
    internal async Task<string> StartSerializedAsync(string orchestratorName, string? serializedInput, StartOrchestrationOptions? options)
    {
        var instance = new OrchestrationInstance
        {
            InstanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N"),
            ExecutionId = Guid.NewGuid().ToString("N"),
        };
        var started = new ExecutionStartedEvent(-1, serializedInput)
        {
            Name = orchestratorName,
            Version = string.Empty,
            OrchestrationInstance = instance,
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
            Tags = options?.Tags is null ? null : new Dictionary<string, string>(options.Tags),
        };
        try
        {
            await service.CreateTaskOrchestrationAsync(new TaskMessage { OrchestrationInstance = instance, Event = started }, RunningStatuses);
        }
        catch (OrchestrationAlreadyExistsException ex)
        {
            throw new InvalidOperationException($"An orchestration with instance id '{instance.InstanceId}' is already pending or running.", ex);
        }

        return instance.InstanceId;
    }

    private IOrchestrationServicePurgeClient PurgeClient => service as IOrchestrationServicePurgeClient
        ?? throw new NotSupportedException($"{service.GetType().Name} does not support purging instances.");

    private async Task<OrchestrationState?> GetStateAsync(string instanceId)
    {
        var states = await service.GetOrchestrationStateAsync(instanceId, allExecutions: false);
        return states?.FirstOrDefault(s => s is not null);
    }

    private Task SendAsync(string instanceId, HistoryEvent historyEvent) =>
        service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = historyEvent,
        });

    private async Task<OrchestrationMetadata> PollAsync(
        string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            var metadata = await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);
            if (metadata is not null && done(metadata))
            {
                return metadata;
            }

            await Task.Delay(delay, cancellation);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPollInterval.Ticks));
        }
    }
}
