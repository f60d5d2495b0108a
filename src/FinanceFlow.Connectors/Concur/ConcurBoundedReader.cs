using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using FinanceFlow.Core.Intake;

namespace FinanceFlow.Connectors.Concur;

/// <summary>
/// Reads the fields the mapping and posting rules need from an FIS document in one pass that also holds the body to every bound of
/// <see cref="BoundedJson.Check"/> (UTF-8 text, no member twice, depth, name length, item counts, numbers a decimal holds, no null
/// items). It handles the common case only: on anything else (a broken bound, a value of an unexpected type, a document sent as a
/// string, a name in another case or with escapes) it gives up, and the parser takes the general path, which says what is wrong
/// exactly as before. So a document it reads is one the general path reads to the same fields.
/// </summary>
internal ref partial struct ConcurBoundedReader
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = BoundedJson.MaxDepth, CommentHandling = JsonCommentHandling.Disallow };

    private readonly ReadOnlySpan<byte> _body;
    private readonly ConcurNameSet _unread;
    private Utf8JsonReader _reader;
    private int _objects;

    private ConcurBoundedReader(ReadOnlySpan<byte> body, ConcurNameSet unread)
    {
        _body = body;
        _unread = unread;
        _reader = new Utf8JsonReader(body, ReaderOptions);
    }

    /// <summary>The payload, or false when the body needs the general path.</summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out ConcurPayloadJson? payload)
    {
        payload = null;
        var body = utf8Json;
        if (body.Length < 2 || body[0] != (byte)'{' && !IsJsonSpace(body[0]))
        {
            // Not an object, UTF-16/32 (a zero or a byte-order mark first), or a UTF-8 byte-order mark, which the general path's
            // serializer refuses: it names each.
            return false;
        }

        var unread = ConcurNameSet.Rent();
        try
        {
            var reader = new ConcurBoundedReader(body, unread);
            reader.Read();
            var read = reader.Payload();
            if (reader._reader.Read())
            {
                return false;
            }

            payload = read;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotHandledException)
        {
            // JsonException: broken JSON or a value the lenient readers refuse; InvalidOperationException: text that is not UTF-8.
            return false;
        }
        finally
        {
            ConcurNameSet.Return(unread);
        }
    }

    private static bool IsJsonSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private void Read()
    {
        if (!_reader.Read())
        {
            throw new NotHandledException();
        }
    }

    /// <summary>An object being read: its serial number, the fields already seen, how many members.</summary>
    private struct ObjectState(int id)
    {
        public readonly int Id = id;
        public ulong Seen;
        public int Members;
    }

    /// <summary>On the start of an object (else not handled): a new object state.</summary>
    private ObjectState Open()
    {
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            throw new NotHandledException();
        }

        return new ObjectState(++_objects);
    }

    /// <summary>Moves to the next member's value; false at the end of the object. <paramref name="field"/> is its index in <paramref name="names"/>, or <see cref="ConcurFieldNames.Unknown"/>.</summary>
    private bool NextMember(ConcurFieldNames names, ref ObjectState state, out int field)
    {
        Read();
        if (_reader.TokenType == JsonTokenType.EndObject)
        {
            field = ConcurFieldNames.Unknown;
            return false;
        }

        var name = _reader.ValueSpan;
        if (++state.Members > BoundedJson.MaxItems || _reader.ValueIsEscaped || name.Length > BoundedJson.MaxNameLength
            || !ConcurFieldNames.TryHash(name, out var hash) || !_body.Overlaps(name, out var start))
        {
            throw new NotHandledException();
        }

        field = names.Find(name, hash);
        if (field >= 0)
        {
            var bit = 1UL << field;
            if ((state.Seen & bit) != 0)
            {
                throw new NotHandledException();
            }

            state.Seen |= bit;
        }
        else if (field == ConcurFieldNames.OtherCase || !_unread.Add(state.Id, hash, start, name.Length, _body))
        {
            throw new NotHandledException();
        }

        Read();
        return true;
    }

    /// <summary>Reads one item of an array; a ref struct's method cannot be captured, so the reader is handed in.</summary>
    private delegate T ItemReader<T>(ref ConcurBoundedReader reader);

    /// <summary>An array of items read by <paramref name="item"/>, or null for JSON null.</summary>
    private List<T>? List<T>(ItemReader<T> item)
    {
        if (IsNull(JsonTokenType.StartArray))
        {
            return null;
        }

        var list = new List<T>();
        var items = 0;
        while (NextItem(ref items))
        {
            list.Add(item(ref this));
        }

        return list;
    }

    /// <summary>Moves to the next item of an array; false at its end.</summary>
    private bool NextItem(ref int items)
    {
        Read();
        if (_reader.TokenType == JsonTokenType.EndArray)
        {
            return false;
        }

        if (++items > BoundedJson.MaxItems || _reader.TokenType == JsonTokenType.Null)
        {
            throw new NotHandledException();
        }

        return true;
    }

    /// <summary>True on null, false on the start <paramref name="expected"/>; anything else is not handled.</summary>
    private readonly bool IsNull(JsonTokenType expected) =>
        _reader.TokenType == JsonTokenType.Null || (_reader.TokenType == expected ? false : throw new NotHandledException());

    /// <summary>Checks a value no field reads, and what it holds.</summary>
    private void Skip()
    {
        switch (_reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var state = Open();
                while (NextMember(ConcurFieldNames.None, ref state, out _))
                {
                    Skip();
                }

                break;
            case JsonTokenType.StartArray:
                var items = 0;
                while (NextItem(ref items))
                {
                    Skip();
                }

                break;
            default:
                CheckScalar();
                break;
        }
    }

    /// <summary>Thrown where the body needs the general path; never leaves <see cref="TryRead"/>.</summary>
    private sealed class NotHandledException : Exception;
}
