using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace FinanceFlow.Core.Intake;

/// <summary>
/// The one way a body from outside becomes JSON: UTF-8 only (one leading BOM allowed), every string and member name real text (no
/// invalid UTF-8, no lone UTF-16 surrogate escape), no member given twice, at most <see cref="MaxDepth"/> levels deep and member
/// names of at most <see cref="MaxNameLength"/> characters. What breaks a rule is a <see cref="FieldError"/> naming where, so no
/// reader meets text it cannot decode, or a value the schema saw once and the mapper read another time.
/// </summary>
public static class BoundedJson
{
    /// <summary>Deepest nesting accepted; the schemas need 6.</summary>
    public const int MaxDepth = 64;

    /// <summary>Longest member name accepted; the longest field name of any schema is 22 characters.</summary>
    public const int MaxNameLength = 256;

    /// <summary>Most items of one array or members of one object, unless a reader asks for fewer: a schema evaluates every one, and 100,000 cost seconds.</summary>
    public const int MaxItems = 10_000;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow };

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>The document, or null and what is wrong with the body (at most <see cref="FieldErrors.MaxListed"/> errors and a count).</summary>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> utf8Json, out IReadOnlyList<FieldError> errors, int maxItems = MaxItems)
    {
        errors = Check(utf8Json.Span, maxItems);
        return errors.Count > 0 ? null : JsonDocument.Parse(WithoutBom(utf8Json), DocumentOptions);
    }

    /// <summary>What is wrong with the body as JSON text; empty when a <see cref="JsonDocument"/> or a serializer can read it safely.</summary>
    /// <param name="nullItems">False for readers that deserialize lists of objects: a <c>null</c> item is then an error, not a null to trip over.</param>
    public static IReadOnlyList<FieldError> Check(ReadOnlySpan<byte> utf8Json, int maxItems = MaxItems, bool nullItems = true)
    {
        var body = utf8Json.StartsWith(Utf8Bom) ? utf8Json[Utf8Bom.Length..] : utf8Json;
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || body.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || (body.Length > 1 && (body[0] == 0 || body[1] == 0)))
        {
            return [new FieldError("", "is not UTF-8: send JSON encoded as UTF-8 (this body looks like UTF-16 or UTF-32)")];
        }

        var errors = new List<FieldError>();
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(body, ReaderOptions);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        frames[^1].Name = ReadName(ref reader, frames, errors);
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        Advance(frames);
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, Pointer(frames)));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        if (frames[^1] is { IsArray: true, Index: var last } array && last >= maxItems)
                        {
                            Add(errors, array.Pointer, string.Create(CultureInfo.InvariantCulture, $"has {last + 1} items; at most {maxItems}"));
                        }
                        else if (frames[^1] is { IsArray: false, Names.Count: var members } obj && members > maxItems)
                        {
                            Add(errors, obj.Pointer, string.Create(CultureInfo.InvariantCulture, $"has {members} members; at most {maxItems}"));
                        }

                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.String:
                        Advance(frames);
                        if (!IsText(ref reader))
                        {
                            Add(errors, Pointer(frames), "is not valid text: it holds bytes that are not UTF-8 or a lone UTF-16 surrogate (\\ud800-\\udfff)");
                        }

                        break;
                    case JsonTokenType.Number:
                        Advance(frames);
                        if (!reader.TryGetDecimal(out _))
                        {
                            // Beyond decimal (1e29, 1e308, 400 digits): no reader here can hold it, and the schema library throws on it.
                            var sent = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                            Add(errors, Pointer(frames), $"is a number FinanceFlow cannot hold exactly ({(sent.Length <= 40 ? sent : sent[..37] + "...")}): at most 28 significant digits, within ±7.9e28");
                        }

                        break;
                    case JsonTokenType.Null when !nullItems && frames.Count > 0 && frames[^1].IsArray:
                        Advance(frames);
                        Add(errors, Pointer(frames), "is null; the list holds objects");
                        break;
                    default:
                        Advance(frames);
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            // Where reading stopped: the member whose value broke off, else the container.
            var at = frames.Count == 0 ? "" : frames[^1] is { IsArray: false, Name: not null } ? Pointer(frames) : frames[^1].Pointer;
            Add(errors, at, ex.Message.Contains("maximum configured depth", StringComparison.Ordinal)
                ? $"nests deeper than {MaxDepth.ToString(CultureInfo.InvariantCulture)} levels"
                : $"is not valid JSON: {ex.Message}");
        }

        return FieldErrors.Cap(errors);
    }

    private static string ReadName(ref Utf8JsonReader reader, List<Frame> frames, List<FieldError> errors)
    {
        var frame = frames[^1];
        if (!IsText(ref reader))
        {
            Add(errors, frame.Pointer, "has a member name that is not valid text (bytes that are not UTF-8, or a lone UTF-16 surrogate)");
            return "\uFFFD";
        }

        var name = reader.GetString()!;
        if (name.Length > MaxNameLength)
        {
            Add(errors, frame.Pointer, $"has a member name of {name.Length.ToString(CultureInfo.InvariantCulture)} characters; names are at most {MaxNameLength.ToString(CultureInfo.InvariantCulture)}");
            return name[..MaxNameLength];
        }

        if (!(frame.Names ??= new HashSet<string>(StringComparer.Ordinal)).Add(name))
        {
            Add(errors, frame.Pointer + "/" + Escape(name), "is given more than once; send each field once");
        }

        return name;
    }

    /// <summary>True when the string token decodes: its raw bytes are UTF-8 and its escapes name no lone surrogate.</summary>
    private static bool IsText(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return Utf8.IsValid(reader.ValueSpan);
        }

        try
        {
            reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Counts the value being read as the next item of the innermost array.</summary>
    private static void Advance(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1].Index++;
        }
    }

    /// <summary>The pointer of the value being read in the innermost container.</summary>
    private static string Pointer(List<Frame> frames)
    {
        if (frames.Count == 0)
        {
            return "";
        }

        var frame = frames[^1];
        return frame.IsArray
            ? frame.Pointer + "/" + frame.Index.ToString(CultureInfo.InvariantCulture)
            : frame.Pointer + "/" + Escape(frame.Name ?? "");
    }

    private static void Add(List<FieldError> errors, string pointer, string message) => errors.Add(new FieldError(pointer, message));

    private static string Escape(string name) =>
        name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> body) => body.Span.StartsWith(Utf8Bom) ? body[Utf8Bom.Length..] : body;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>An object or array being read: where it is, and the member names (objects) or item count (arrays) so far.</summary>
    private sealed class Frame(bool isArray, string pointer)
    {
        public bool IsArray { get; } = isArray;

        public string Pointer { get; } = pointer;

        public int Index { get; set; } = -1;

        public string? Name { get; set; }

        public HashSet<string>? Names { get; set; }
    }
}
