using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreQuery = DurableTask.Core.Query.OrchestrationQuery;
using SdkQuery = Microsoft.DurableTask.Client.OrchestrationQuery;

namespace FinanceFlow.SelfHost.Engine;

/// <summary>Translates between DTFx's orchestration state and the Durable Task SDK's client model.</summary>
internal static class OrchestrationStateMapping
{
    public static OrchestrationMetadata ToMetadata(OrchestrationState state, bool withPayloads, DataConverter converter)
    {
        var failed = state.OrchestrationStatus == OrchestrationStatus.Failed;
        return new OrchestrationMetadata(state.Name, state.OrchestrationInstance.InstanceId)
        {
            DataConverter = converter,
            RuntimeStatus = ToSdk(state.OrchestrationStatus),
            CreatedAt = AsUtc(state.CreatedTime),
            LastUpdatedAt = AsUtc(state.LastUpdatedTime),
            // Payloads are stored as the JSON the SDK converter wrote: pass them through untouched.
            SerializedInput = withPayloads ? state.Input : null,
            SerializedOutput = withPayloads && !failed ? state.Output : null,
            SerializedCustomStatus = withPayloads ? state.Status : null,
            Tags = state.Tags is null ? new Dictionary<string, string>() : new Dictionary<string, string>(state.Tags),
            FailureDetails = ToSdk(state.FailureDetails) ?? (failed ? FailureFromOutput(state.Output) : null),
        };
    }

    // The SDK's status enum mirrors DTFx's value for value (the SDK converts them by cast too).
    public static OrchestrationRuntimeStatus ToSdk(OrchestrationStatus status) => (OrchestrationRuntimeStatus)(int)status;

    public static OrchestrationStatus ToCore(OrchestrationRuntimeStatus status) => (OrchestrationStatus)(int)status;

    public static CoreQuery ToCore(SdkQuery? query)
    {
        var result = new CoreQuery
        {
            CreatedTimeFrom = query?.CreatedFrom?.UtcDateTime,
            CreatedTimeTo = query?.CreatedTo?.UtcDateTime,
            InstanceIdPrefix = query?.InstanceIdPrefix,
            PageSize = query?.PageSize ?? SdkQuery.DefaultPageSize,
            ContinuationToken = query?.ContinuationToken,
            FetchInputsAndOutputs = query?.FetchInputsAndOutputs ?? false,
            ExcludeEntities = true,
        };
        if (query?.Statuses is not null)
        {
            result.RuntimeStatus = query.Statuses.Select(ToCore).ToList();
        }

        if (query?.TaskHubNames is not null)
        {
            result.TaskHubNames = query.TaskHubNames.ToList();
        }

        return result;
    }

    public static PurgeInstanceFilter ToCore(PurgeInstancesFilter filter) => new(
        filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue,
        filter.CreatedTo?.UtcDateTime,
        filter.Statuses?.Select(ToCore))
    {
        Timeout = filter.Timeout,
    };

    private static TaskFailureDetails? ToSdk(FailureDetails? details) => details is null
        ? null
        : new TaskFailureDetails(details.ErrorType, details.ErrorMessage, details.StackTrace, ToSdk(details.InnerFailure), details.Properties);

    // The Azure Storage instance table keeps no failure details, only their text "{ErrorType}: {ErrorMessage}" as output.
    private static TaskFailureDetails? FailureFromOutput(string? output)
    {
        if (string.IsNullOrEmpty(output))
        {
            return null;
        }

        var separator = output.IndexOf(": ", StringComparison.Ordinal);
        return separator > 0 && !output[..separator].Contains(' ', StringComparison.Ordinal)
            ? new TaskFailureDetails(output[..separator], output[(separator + 2)..], null, null, null)
            : new TaskFailureDetails("OrchestrationFailure", output, null, null, null);
    }

    private static DateTimeOffset AsUtc(DateTime time) =>
        time == default ? default : new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
