using System.Text.Json;

namespace FinanceFlow.Core.Intake;

/// <summary>Plain-English wording of JSON Schema keyword failures, naming the value that was sent.</summary>
internal static class SchemaMessages
{
    // Patterns in the canonical schema, said the way finance ops say them.
    private static readonly Dictionary<string, string> PatternMeanings = new(StringComparer.Ordinal)
    {
        ["^[A-Z]{3}$"] = "a three-letter ISO 4217 currency code in capitals, e.g. USD",
        ["^https://"] = "an https:// URL",
    };

    private static readonly Dictionary<string, string> FormatExamples = new(StringComparer.Ordinal)
    {
        ["date"] = "a date like 2026-11-20",
        ["date-time"] = "a date-time with offset like 2026-11-19T10:00:00Z",
        ["email"] = "an e-mail address",
    };

    public static string For(string keyword, JsonElement? schemaNode, JsonElement? value, string libraryMessage)
    {
        if (schemaNode is not { ValueKind: JsonValueKind.Object } schema)
        {
            return libraryMessage;
        }

        var sent = SchemaErrorReader.Describe(value);
        return keyword switch
        {
            "type" => $"must be {Expected(schema)}, not {KindOf(value)} ({sent})",
            "enum" => $"must be one of {AllowedValues(schema)}, not {sent}",
            "const" => $"must be {SchemaErrorReader.Number(schema, "const")}, not {sent}",
            "pattern" => $"must be {PatternMeaning(schema)}, not {sent}",
            "format" => $"must be {FormatMeaning(schema)}, not {sent}",
            "minimum" => $"must be at least {SchemaErrorReader.Number(schema, "minimum")}, not {sent}",
            "maximum" => $"must be at most {SchemaErrorReader.Number(schema, "maximum")}, not {sent}",
            "exclusiveMinimum" => $"must be greater than {SchemaErrorReader.Number(schema, "exclusiveMinimum")}, not {sent}",
            "exclusiveMaximum" => $"must be less than {SchemaErrorReader.Number(schema, "exclusiveMaximum")}, not {sent}",
            "minLength" when SchemaErrorReader.Int(schema, "minLength") == "1" => "must not be empty",
            "minLength" => $"must be at least {SchemaErrorReader.Int(schema, "minLength")} characters long",
            "maxLength" => $"must be at most {SchemaErrorReader.Int(schema, "maxLength")} characters long",
            "minItems" => $"must have at least {SchemaErrorReader.Int(schema, "minItems")} item(s)",
            "maxItems" => $"must have at most {SchemaErrorReader.Int(schema, "maxItems")} item(s)",
            _ => libraryMessage,
        };
    }

    private static string Expected(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return "another type";
        }

        var names = type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString() ?? "")
            : [type.GetString() ?? ""];
        return string.Join(" or ", names.Select(Article));
    }

    private static string Article(string typeName) => typeName switch
    {
        "integer" => "an integer",
        "object" => "an object",
        "array" => "an array",
        "null" => "null",
        _ => "a " + typeName,
    };

    private static string KindOf(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string AllowedValues(JsonElement schema) =>
        schema.TryGetProperty("enum", out var values)
            ? string.Join(", ", values.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()))
            : "the allowed values";

    private static string PatternMeaning(JsonElement schema)
    {
        var pattern = schema.TryGetProperty("pattern", out var p) ? p.GetString() ?? "" : "";
        return PatternMeanings.TryGetValue(pattern, out var meaning) ? meaning : $"text matching {pattern}";
    }

    private static string FormatMeaning(JsonElement schema)
    {
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() ?? "" : "";
        return FormatExamples.TryGetValue(format, out var meaning) ? meaning : $"a valid {format}";
    }
}
