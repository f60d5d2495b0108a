using System.Globalization;
using System.Text.Json;
using FinanceFlow.Core.Intake;

namespace FinanceFlow.Core.Mappings;

/// <summary>A field of a mapping change that cannot be accepted, at <c>/rules/{i}/{field}</c>.</summary>
public sealed record MappingError(string Pointer, string Field, string Detail);

/// <summary>The rules of a <c>PUT /api/v1/mappings/{kind}</c> body, or what is wrong with it.</summary>
public sealed record MappingRequestResult(IReadOnlyList<MappingRule> Rules, IReadOnlyList<MappingError> Errors);

/// <summary>Reads <c>{ "rules": [ { "entity", "source", "target", "effectiveFrom", "effectiveTo"? } ] }</c>.</summary>
public static class MappingRequest
{
    private static readonly string[] Fields = ["entity", "source", "target", "effectiveFrom", "effectiveTo"];

    /// <summary>
    /// Longest value of each text field: a legal entity code, a source value (an expense type or code, 128 in the canonical schema) and a
    /// target (an account or code). Together they keep a rule's storage key within Table storage's 1 KiB.
    /// </summary>
    private static readonly Dictionary<string, int> MaxLengths = new(StringComparer.Ordinal) { ["entity"] = 64, ["source"] = 128, ["target"] = 128 };

    public static MappingRequestResult Parse(MappingKind kind, ReadOnlyMemory<byte> body)
    {
        if (BoundedJson.Parse(body, out var unreadable) is not { } document)
        {
            return new([], [.. unreadable.Select(e => new MappingError(e.Pointer, "", e.Message))]);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("rules", out var items)
                || items.ValueKind != JsonValueKind.Array)
            {
                return new([], [new MappingError("/rules", "rules", "The body must be an object with a 'rules' array.")]);
            }

            var rules = new List<MappingRule>();
            var errors = new List<MappingError>();
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                var at = "/rules/" + index.ToString(CultureInfo.InvariantCulture);
                index++;
                if (item.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new MappingError(at, "", "must be an object"));
                    continue;
                }

                var before = errors.Count;
                foreach (var property in item.EnumerateObject().Where(p => !Fields.Contains(p.Name, StringComparer.OrdinalIgnoreCase)))
                {
                    errors.Add(new MappingError($"{at}/{property.Name}", property.Name, $"unknown field; known fields: {string.Join(", ", Fields)}"));
                }

                var entity = Text(item, at, "entity", errors);
                var source = Text(item, at, "source", errors);
                var target = Text(item, at, "target", errors);
                var from = Date(item, at, "effectiveFrom", required: true, errors);
                var to = Date(item, at, "effectiveTo", required: false, errors);
                if (errors.Count == before)
                {
                    rules.Add(new MappingRule { Kind = kind, Entity = entity!, Source = source!, Target = target!, EffectiveFrom = from!.Value, EffectiveTo = to });
                }
            }

            return new(rules, errors.Count <= FieldErrors.MaxListed ? errors : [.. errors.Take(FieldErrors.MaxListed), new MappingError("", "", FieldErrors.MoreMessage(errors.Count - FieldErrors.MaxListed))]);
        }
    }

    private static JsonElement? Property(JsonElement item, string name) =>
        item.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind != JsonValueKind.Null)
            .Select(p => (JsonElement?)p.Value).FirstOrDefault();

    private static string? Text(JsonElement item, string at, string field, List<MappingError> errors)
    {
        var value = Property(item, field);
        if (value is { ValueKind: JsonValueKind.String } text && !string.IsNullOrWhiteSpace(text.GetString()))
        {
            var trimmed = text.GetString()!.Trim();
            if (trimmed.Length <= MaxLengths[field] && !trimmed.Any(char.IsControl))
            {
                return trimmed;
            }

            errors.Add(new MappingError($"{at}/{field}", field, $"must be at most {MaxLengths[field].ToString(CultureInfo.InvariantCulture)} characters without control characters, not {trimmed.Length.ToString(CultureInfo.InvariantCulture)}"));
            return null;
        }

        errors.Add(new MappingError($"{at}/{field}", field, value is null ? "is required" : "must be a non-empty string"));
        return null;
    }

    private static DateOnly? Date(JsonElement item, string at, string field, bool required, List<MappingError> errors)
    {
        var value = Property(item, field);
        if (value is null)
        {
            if (required)
            {
                errors.Add(new MappingError($"{at}/{field}", field, "is required"));
            }

            return null;
        }

        if (value.Value.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(value.Value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(new MappingError($"{at}/{field}", field, "must be a date in the format yyyy-MM-dd"));
        return null;
    }
}
