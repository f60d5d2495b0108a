using FinanceFlow.Core.Serialization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;

namespace FinanceFlow.SelfHost.Engine;

/// <summary>The one data converter of the self-host: worker shims and client both use it, so payloads are encoded exactly once.</summary>
public static class DurableJson
{
    public static DataConverter Converter { get; } = new JsonDataConverter(FinanceFlowJson.Options);
}
