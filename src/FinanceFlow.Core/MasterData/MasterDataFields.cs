using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.MasterData;

/// <summary>One importable field of a master-data record, as read from the record type.</summary>
internal sealed record FieldSpec(string Name, Type ValueType, bool Required, bool Currency);

/// <summary>
/// The importable fields of each kind, read from the record types so a field the contract gains is importable
/// without a second list to keep in step; and the conversion of one raw value (CSV text or JSON) into the JSON the record reads.
/// </summary>
internal static class MasterDataFields
{
    /// <summary>Fields a body may carry (a GET answer sent back) but the import sets itself.</summary>
    public static readonly IReadOnlySet<string> Ignored = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "key", "sourceSystem", "lastSyncedAt" };

    private static readonly HashSet<(Type, string)> CurrencyFields =
    [
        (typeof(LegalEntity), nameof(LegalEntity.FunctionalCurrency)),
        (typeof(CurrencyRecord), nameof(CurrencyRecord.Code)),
        (typeof(FxRate), nameof(FxRate.From)),
        (typeof(FxRate), nameof(FxRate.To)),
    ];

    private static readonly ConcurrentDictionary<MasterDataKind, IReadOnlyDictionary<string, FieldSpec>> Cache = new();

    /// <summary>The fields of a kind by camelCase name (case-insensitive).</summary>
    public static IReadOnlyDictionary<string, FieldSpec> Of(MasterDataKind kind) => Cache.GetOrAdd(kind, static k =>
    {
        var type = MasterDataRecordTypes.Of(k);
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .Select(p => new FieldSpec(
                JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                p.PropertyType,
                p.GetCustomAttribute<RequiredMemberAttribute>() is not null,
                CurrencyFields.Contains((type, p.Name))))
            .Where(f => !Ignored.Contains(f.Name))
            .ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
    });

    /// <summary>Converts CSV text; an empty cell is an absent value.</summary>
    public static bool TryConvert(FieldSpec field, string text, out JsonNode? value, out string? error)
    {
        text = text.Trim();
        value = null;
        error = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (field.ValueType == typeof(IReadOnlyList<string>))
        {
            value = new JsonArray([.. text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => (JsonNode)s)]);
            return true;
        }

        return TryConvertText(field, text, out value, out error);
    }

    /// <summary>Converts a JSON value; <c>null</c> is an absent value.</summary>
    public static bool TryConvert(FieldSpec field, JsonElement element, out JsonNode? value, out string? error)
    {
        value = null;
        error = null;
        var type = Nullable.GetUnderlyingType(field.ValueType) ?? field.ValueType;
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.String:
                return TryConvertText(field, element.GetString()!, out value, out error);
            case JsonValueKind.Number when type == typeof(decimal) || type == typeof(int):
                return TryConvertText(field, element.GetRawText(), out value, out error);
            case JsonValueKind.True or JsonValueKind.False when type == typeof(bool):
                value = element.GetBoolean();
                return true;
            case JsonValueKind.Array when type == typeof(IReadOnlyList<string>):
                if (element.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                {
                    error = "must be an array of strings";
                    return false;
                }

                value = new JsonArray([.. element.EnumerateArray().Select(e => (JsonNode)e.GetString()!)]);
                return true;
            default:
                error = $"must be {Describe(type)}, not a JSON {element.ValueKind.ToString().ToLowerInvariant()}";
                return false;
        }
    }

    private static bool TryConvertText(FieldSpec field, string text, out JsonNode? value, out string? error)
    {
        value = null;
        error = null;
        var type = Nullable.GetUnderlyingType(field.ValueType) ?? field.ValueType;
        if (type == typeof(string))
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return true;
            }

            if (field.Currency)
            {
                var code = text.Trim().ToUpperInvariant();
                if (!Currencies.IsKnown(code))
                {
                    error = $"unknown currency '{text}' (an ISO 4217 code such as EUR is expected)";
                    return false;
                }

                value = code;
                return true;
            }

            value = text.Trim();
            return true;
        }

        if (type == typeof(decimal))
        {
            var ok = decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number);
            value = ok ? number : null;
            error = ok ? null : $"'{text}' is not a number (use invariant format, e.g. 1234.56)";
            return ok;
        }

        if (type == typeof(int))
        {
            var ok = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number);
            value = ok ? number : null;
            error = ok ? null : $"'{text}' is not a whole number";
            return ok;
        }

        if (type == typeof(bool))
        {
            var ok = bool.TryParse(text.Trim(), out var flag);
            value = ok ? flag : null;
            error = ok ? null : $"'{text}' is not true or false";
            return ok;
        }

        if (type == typeof(DateOnly))
        {
            var ok = DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
            value = ok ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
            error = ok ? null : $"'{text}' is not a date in the format yyyy-MM-dd";
            return ok;
        }

        if (type.IsEnum)
        {
            var name = Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
            value = name;
            error = name is null ? $"unknown value '{text}'; expected one of {string.Join(", ", Enum.GetNames(type))}" : null;
            return name is not null;
        }

        error = $"must be {Describe(type)}";
        return false;
    }

    private static string Describe(Type type) =>
        type == typeof(decimal) || type == typeof(int) ? "a number"
        : type == typeof(bool) ? "true or false"
        : type == typeof(IReadOnlyList<string>) ? "an array of strings"
        : type == typeof(DateOnly) ? "a date yyyy-MM-dd"
        : "a string";
}
