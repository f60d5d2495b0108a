using System.Text.Json;
using FinanceFlow.Core.Intake;
using Json.Schema;

namespace FinanceFlow.Core.Messaging;

/// <summary>Reads an intake message: CloudEvents 1.0 JSON checked against docs/schemas/intake-cloudevent.schema.json.</summary>
public static class IntakeEnvelopeReader
{
    /// <summary>Logical name of the embedded schema.</summary>
    public const string SchemaResourceName = "FinanceFlow.Core.intake-cloudevent.schema.json";

    private static readonly JsonDocument SchemaDocument = LoadSchemaDocument();

    private static readonly JsonSchema Schema =
        JsonSchema.Build(SchemaDocument.RootElement, new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static readonly EvaluationOptions Evaluation = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    public static EnvelopeReadResult Read(ReadOnlyMemory<byte> utf8Json)
    {
        if (BoundedJson.Parse(utf8Json, out var unreadable) is not { } document)
        {
            return new EnvelopeReadResult(null, EnvelopeProblem.MalformedJson, null, unreadable);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new EnvelopeReadResult(null, EnvelopeProblem.MalformedJson, null, [new FieldError("", $"must be a JSON object (a CloudEvent), not {root.ValueKind.ToString().ToLowerInvariant()}")]);
            }

            var eventId = String(root, "id");
            var errors = new List<FieldError>();
            var results = Schema.Evaluate(root, Evaluation);
            if (!results.IsValid)
            {
                errors.AddRange(new SchemaErrorReader(SchemaDocument.RootElement, root, "CloudEvents intake message").Read(results));
            }

            if (root.TryGetProperty("data_base64", out _))
            {
                // Binary data would hide the document from validation here and from the adapters; JSON only.
                errors.Add(new FieldError("/data_base64", "is not accepted: send the document as JSON in data"));
            }

            if (errors.Count > 0)
            {
                return new EnvelopeReadResult(null, EnvelopeProblem.InvalidEnvelope, eventId, FieldErrors.Cap(errors));
            }

            var data = root.TryGetProperty("data", out var dataElement) ? RawBytes(dataElement) : ReadOnlyMemory<byte>.Empty;
            var time = root.TryGetProperty("time", out var t) && t.TryGetDateTimeOffset(out var at) ? at : (DateTimeOffset?)null;
            var intakeEvent = new IntakeCloudEvent(eventId!, String(root, "source")!, String(root, "type")!, String(root, IntakeEventTypes.SourceExtension), time, data);
            return new EnvelopeReadResult(intakeEvent, EnvelopeProblem.None, eventId, []);
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    // The document is kept byte for byte as sent (its hash is audited), so it is copied out rather than re-serialized.
    private static byte[] RawBytes(JsonElement element) => System.Text.Encoding.UTF8.GetBytes(element.GetRawText());

    private static JsonDocument LoadSchemaDocument()
    {
        using var stream = typeof(IntakeEnvelopeReader).Assembly.GetManifestResourceStream(SchemaResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {SchemaResourceName} is missing from FinanceFlow.Core.");
        return JsonDocument.Parse(stream);
    }
}
