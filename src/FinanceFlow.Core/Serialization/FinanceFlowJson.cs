using System.Text.Json;
using System.Text.Json.Serialization;

namespace FinanceFlow.Core.Serialization;

/// <summary>The one JSON shape FinanceFlow writes: camelCase, enums as their names. Both hosts' Durable data converters use it.</summary>
public static class FinanceFlowJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
