using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Api.Durable;

/// <summary>The instance status body of Durable Functions' HTTP API, field for field.</summary>
public sealed record DurableInstanceStatus(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("instanceId")] string InstanceId,
    [property: JsonPropertyName("runtimeStatus")] string RuntimeStatus,
    [property: JsonPropertyName("input"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] JsonNode? Input,
    [property: JsonPropertyName("customStatus")] JsonNode? CustomStatus,
    [property: JsonPropertyName("output")] JsonNode? Output,
    [property: JsonPropertyName("createdTime")] string CreatedTime,
    [property: JsonPropertyName("lastUpdatedTime")] string LastUpdatedTime)
{
    /// <summary>Builds the body; payloads become JSON values, and a failed instance reports its error message as output, as Durable Functions does.</summary>
    public static DurableInstanceStatus From(OrchestrationMetadata metadata, bool showInput)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var output = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed && metadata.FailureDetails is not null
            ? JsonValue.Create(metadata.FailureDetails.ErrorMessage)
            : Parse(metadata.SerializedOutput);
        return new DurableInstanceStatus(
            metadata.Name,
            metadata.InstanceId,
            metadata.RuntimeStatus.ToString(),
            showInput ? Parse(metadata.SerializedInput) : null,
            Parse(metadata.SerializedCustomStatus),
            output,
            FormatTime(metadata.CreatedAt),
            FormatTime(metadata.LastUpdatedAt));
    }

    private static JsonNode? Parse(string? serialized)
    {
        if (serialized is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(serialized);
        }
        catch (JsonException)
        {
            // Written by something other than the SDK converter (e.g. a plain terminate reason): show it as text.
            return JsonValue.Create(serialized);
        }
    }

    private static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
