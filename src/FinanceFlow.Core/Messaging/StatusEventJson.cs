using System.Text.Json;
using FinanceFlow.Core.Serialization;

namespace FinanceFlow.Core.Messaging;

/// <summary>The one way a status event is written, whatever the transport.</summary>
public static class StatusEventJson
{
    public static byte[] Serialize(StatusCloudEvent statusEvent) => JsonSerializer.SerializeToUtf8Bytes(statusEvent, FinanceFlowJson.Options);

    public static StatusCloudEvent? Deserialize(ReadOnlySpan<byte> utf8Json) => JsonSerializer.Deserialize<StatusCloudEvent>(utf8Json, FinanceFlowJson.Options);
}
