using System.Text.Json;
using FinanceFlow.Core.Model;
using Json.Schema;

namespace FinanceFlow.Core.Intake;

/// <summary>Reads the canonical webhook body: checks it against the canonical JSON Schema, then maps it to an <see cref="ExpenseReport"/>.</summary>
public static class CanonicalReportParser
{
    /// <summary>Logical name of the embedded schema (docs/schemas/canonical-expense-report.schema.json).</summary>
    public const string SchemaResourceName = "FinanceFlow.Core.canonical-expense-report.schema.json";

    /// <summary>Most lines, approvals, attachments or allocations one report has (and members of one object); real ones have tens.</summary>
    public const int MaxItems = 1_000;

    private static readonly JsonDocument SchemaDocument = LoadSchemaDocument();

    // A private registry: the schema's $id must not collide with another copy registered globally.
    private static readonly JsonSchema Schema =
        JsonSchema.Build(SchemaDocument.RootElement, new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static readonly EvaluationOptions Evaluation = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    /// <summary>The canonical schema's text, e.g. to serve it to expense platforms.</summary>
    public static string SchemaText => SchemaDocument.RootElement.GetRawText();

    /// <summary>Validates and maps a body; <paramref name="source"/> is the expense platform named by the route.</summary>
    /// <returns>A report and no errors, or no report and every error found (JSON pointer + message).</returns>
    public static CanonicalParseResult Parse(ReadOnlyMemory<byte> utf8Json, string source)
    {
        if (BoundedJson.Parse(utf8Json, out var unreadable, MaxItems) is not { } document)
        {
            return Failed(unreadable);
        }

        using (document)
        {
            var root = document.RootElement;
            var results = Schema.Evaluate(root, Evaluation);
            if (!results.IsValid)
            {
                return Failed(new SchemaErrorReader(SchemaDocument.RootElement, root).Read(results));
            }

            var mapper = new CanonicalReportMapper();
            var report = mapper.Map(root, source);
            return mapper.Errors.Count == 0 ? new CanonicalParseResult(report, []) : Failed(FieldErrors.Cap(mapper.Errors));
        }
    }

    private static CanonicalParseResult Failed(IReadOnlyList<FieldError> errors) => new(null, errors);

    private static JsonDocument LoadSchemaDocument()
    {
        using var stream = typeof(CanonicalReportParser).Assembly.GetManifestResourceStream(SchemaResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {SchemaResourceName} is missing from FinanceFlow.Core.");
        return JsonDocument.Parse(stream);
    }
}
