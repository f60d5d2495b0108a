using System.Text.Json;
using System.Text.Unicode;
using FinanceFlow.Core.Intake;

namespace FinanceFlow.Connectors.Concur;

/// <summary>Field values, read by the lenient readers the serializer's converters use, after the checks <see cref="BoundedJson.Check"/> makes.</summary>
internal ref partial struct ConcurBoundedReader
{
    /// <summary>What <see cref="BoundedJson.Check"/> asks of a string or number.</summary>
    private readonly void CheckScalar()
    {
        if (_reader.TokenType == JsonTokenType.String)
        {
            if (_reader.ValueIsEscaped)
            {
                // Throws InvalidOperationException on a lone surrogate escape or bytes that are not UTF-8.
                _reader.GetString();
            }
            else if (!Utf8.IsValid(_reader.ValueSpan))
            {
                throw new NotHandledException();
            }
        }
        else if (_reader.TokenType == JsonTokenType.Number && !_reader.TryGetDecimal(out _))
        {
            throw new NotHandledException();
        }
    }

    private string? String()
    {
        CheckScalar();
        return ConcurJson.ReadString(ref _reader);
    }

    private decimal? Decimal()
    {
        CheckScalar();
        return ConcurJson.ReadNullableDecimal(ref _reader);
    }

    private DateTimeOffset? Timestamp()
    {
        CheckScalar();
        return ConcurJson.ReadTimestamp(ref _reader);
    }

    /// <summary>taxGuid: an array of strings (numbers as their digits) or one string, as <see cref="ConcurJson"/> reads it.</summary>
    private List<string>? Strings()
    {
        if (_reader.TokenType is JsonTokenType.String)
        {
            var single = String();
            return string.IsNullOrEmpty(single) ? [] : [single];
        }

        if (IsNull(JsonTokenType.StartArray))
        {
            return null;
        }

        var list = new List<string>();
        var items = 0;
        while (NextItem(ref items))
        {
            list.Add(_reader.TokenType is JsonTokenType.String or JsonTokenType.Number ? String()! : throw new NotHandledException());
        }

        return list;
    }
}
