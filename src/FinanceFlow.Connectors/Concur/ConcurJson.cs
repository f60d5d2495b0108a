using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FinanceFlow.Connectors.Concur;

/// <summary>Reads FIS JSON as Concur really sends it: <c>0E-8</c> and quoted numbers, <c>+0000</c> offsets, numbers where strings are documented.</summary>
internal static class ConcurJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            AllowTrailingCommas = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
        };
        options.Converters.Add(new LenientStringConverter());
        options.Converters.Add(new LenientDecimalConverter());
        options.Converters.Add(new LenientNullableDecimalConverter());
        options.Converters.Add(new LenientTimestampConverter());
        options.Converters.Add(new StringOrArrayConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    internal static string RawText(ref Utf8JsonReader reader) =>
        reader.HasValueSequence ? Encoding.UTF8.GetString(reader.ValueSequence.ToArray()) : Encoding.UTF8.GetString(reader.ValueSpan);

    internal static decimal ReadDecimal(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            // TryGetDecimal refuses some exponent forms; 0E-8 and 1.5E+2 go through decimal.Parse.
            return reader.TryGetDecimal(out var value) ? value : ParseDecimal(RawText(ref reader));
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            return ParseDecimal(reader.GetString()!);
        }

        throw new JsonException($"Expected a number, found {reader.TokenType}.");
    }

    /// <summary>A string field: text, a number's own digits, or true/false.</summary>
    internal static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => RawText(ref reader),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => throw new JsonException($"Expected a string, found {reader.TokenType}."),
    };

    /// <summary>An optional amount: null and "" are none.</summary>
    internal static decimal? ReadNullableDecimal(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null || (reader.TokenType == JsonTokenType.String && reader.ValueSpan.IsEmpty)
            ? null
            : ReadDecimal(ref reader);

    /// <summary>ISO 8601 with <c>Z</c>, <c>+00:00</c> or <c>+0000</c>, or a bare date (taken as UTC); empty is null.</summary>
    internal static DateTimeOffset? ReadTimestamp(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a timestamp string, found {reader.TokenType}.");
        }

        if (reader.TryGetDateTimeOffset(out var exact))
        {
            return exact;
        }

        var text = reader.GetString()!.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        // "+0000" (no colon) is what Concur's event and some FIS payloads carry; .NET wants "+00:00".
        if (text.Length > 5 && text[^5] is '+' or '-' && text[^4..].All(char.IsAsciiDigit))
        {
            text = string.Concat(text.AsSpan(0, text.Length - 2), ":", text.AsSpan(text.Length - 2));
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : throw new JsonException($"'{text}' is not a timestamp.");
    }

    private static decimal ParseDecimal(string text) =>
        decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new JsonException($"'{text}' is not a number.");

    private sealed class LenientStringConverter : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadString(ref reader);

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    private sealed class LenientDecimalConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadDecimal(ref reader);

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }

    private sealed class LenientNullableDecimalConverter : JsonConverter<decimal?>
    {
        public override bool HandleNull => true;

        public override decimal? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadNullableDecimal(ref reader);

        public override void Write(Utf8JsonWriter writer, decimal? value, JsonSerializerOptions options)
        {
            if (value is { } v)
            {
                writer.WriteNumberValue(v);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }

    /// <summary>See <see cref="ReadTimestamp"/>.</summary>
    private sealed class LenientTimestampConverter : JsonConverter<DateTimeOffset?>
    {
        public override bool HandleNull => true;

        public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadTimestamp(ref reader);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
        {
            if (value is { } v)
            {
                writer.WriteStringValue(v);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }

    /// <summary>taxGuid is an array on journal rows; a single string is accepted too.</summary>
    private sealed class StringOrArrayConverter : JsonConverter<IReadOnlyList<string>>
    {
        public override IReadOnlyList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                var single = reader.GetString();
                return string.IsNullOrEmpty(single) ? [] : [single];
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException($"Expected an array of strings, found {reader.TokenType}.");
            }

            var items = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
                {
                    items.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : RawText(ref reader));
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    throw new JsonException($"Expected a string item, found {reader.TokenType}.");
                }
            }

            return items;
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value)
            {
                writer.WriteStringValue(item);
            }

            writer.WriteEndArray();
        }
    }
}
