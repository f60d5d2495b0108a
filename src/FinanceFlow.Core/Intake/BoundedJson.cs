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
        var frames = BoundedJsonFrames.Rent();
        var reader = new Utf8JsonReader(body, ReaderOptions);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        frames.Top.Name = ReadName(ref reader, body, frames, errors);
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        frames.Advance();
                        frames.Push(reader.TokenType == JsonTokenType.StartArray);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        if (frames.Top is { IsArray: true, Index: var last } && last >= maxItems)
                        {
                            Add(errors, frames.ContainerPointer(body), string.Create(CultureInfo.InvariantCulture, $"has {last + 1} items; at most {maxItems}"));
                        }
                        else if (frames.Top is { IsArray: false, Members: var members } && members > maxItems)
                        {
                            Add(errors, frames.ContainerPointer(body), string.Create(CultureInfo.InvariantCulture, $"has {members} members; at most {maxItems}"));
                        }

                        frames.Pop();
                        break;
                    case JsonTokenType.String:
                        frames.Advance();
                        if (!IsText(ref reader))
                        {
                            Add(errors, frames.ValuePointer(body), "is not valid text: it holds bytes that are not UTF-8 or a lone UTF-16 surrogate (\\ud800-\\udfff)");
                        }

                        break;
                    case JsonTokenType.Number:
                        frames.Advance();
                        if (!reader.TryGetDecimal(out _))
                        {
                            // Beyond decimal (1e29, 1e308, 400 digits): no reader here can hold it, and the schema library throws on it.
                            var sent = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                            Add(errors, frames.ValuePointer(body), $"is a number FinanceFlow cannot hold exactly ({(sent.Length <= 40 ? sent : sent[..37] + "...")}): at most 28 significant digits, within ±7.9e28");
                        }

                        break;
                    case JsonTokenType.Null when !nullItems && frames.Count > 0 && frames.Top.IsArray:
                        frames.Advance();
                        Add(errors, frames.ValuePointer(body), "is null; the list holds objects");
                        break;
                    default:
                        frames.Advance();
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            // Where reading stopped: the member whose value broke off, else the container.
            var at = frames.Count == 0 ? "" : frames.Top is { IsArray: false, Name: not null } ? frames.ValuePointer(body) : frames.ContainerPointer(body);
            Add(errors, at, ex.Message.Contains("maximum configured depth", StringComparison.Ordinal)
                ? $"nests deeper than {MaxDepth.ToString(CultureInfo.InvariantCulture)} levels"
                : $"is not valid JSON: {ex.Message}");
        }

        BoundedJsonFrames.Return(frames);
        return FieldErrors.Cap(errors);
    }

    private static BoundedJsonFrames.NameRef ReadName(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, BoundedJsonFrames frames, List<FieldError> errors)
    {
        if (!frames.TryReadName(ref reader, body, out var name))
        {
            Add(errors, frames.ContainerPointer(body), "has a member name that is not valid text (bytes that are not UTF-8, or a lone UTF-16 surrogate)");
            return name;
        }

        // A name of at most MaxNameLength bytes has at most as many characters; only a longer one is counted.
        var bytes = frames.Bytes(name, body);
        if (bytes.Length > MaxNameLength && System.Text.Encoding.UTF8.GetCharCount(bytes) is var length && length > MaxNameLength)
        {
            Add(errors, frames.ContainerPointer(body), $"has a member name of {length.ToString(CultureInfo.InvariantCulture)} characters; names are at most {MaxNameLength.ToString(CultureInfo.InvariantCulture)}");
            return name;
        }

        if (!frames.AddName(name, body))
        {
            Add(errors, frames.ContainerPointer(body) + "/" + frames.Segment(name, body), "is given more than once; send each field once");
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

    private static void Add(List<FieldError> errors, string pointer, string message) => errors.Add(new FieldError(pointer, message));

    internal static string Escape(string name) =>
        name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> body) => body.Span.StartsWith(Utf8Bom) ? body[Utf8Bom.Length..] : body;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];
}
