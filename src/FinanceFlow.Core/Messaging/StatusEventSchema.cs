using System.Text.Json;
using FinanceFlow.Core.Intake;
using Json.Schema;

namespace FinanceFlow.Core.Messaging;

/// <summary>Checks a status event against docs/schemas/status-cloudevent.schema.json, the contract consumers build against.</summary>
public static class StatusEventSchema
{
    public const string SchemaResourceName = "FinanceFlow.Core.status-cloudevent.schema.json";

    private static readonly JsonDocument SchemaDocument = Load();

    private static readonly JsonSchema Schema =
        JsonSchema.Build(SchemaDocument.RootElement, new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    /// <summary>The fields that break the schema, as JSON pointers; empty when the event is valid.</summary>
    public static IReadOnlyList<FieldError> Validate(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        using var document = JsonDocument.ParseValue(ref reader);
        var results = Schema.Evaluate(document.RootElement, Evaluation);
        return results.IsValid ? [] : [.. new SchemaErrorReader(SchemaDocument.RootElement, document.RootElement, "status event").Read(results)];
    }

    private static JsonDocument Load()
    {
        using var stream = typeof(StatusEventSchema).Assembly.GetManifestResourceStream(SchemaResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {SchemaResourceName} is missing from FinanceFlow.Core.");
        return JsonDocument.Parse(stream);
    }
}
