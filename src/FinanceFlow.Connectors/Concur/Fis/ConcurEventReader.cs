using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using FinanceFlow.Core.Intake;

namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>Reads Event Subscription Service payloads: timestamps with <c>Z</c> or <c>+0000</c>, <c>data: null</c>, facts of any topic.</summary>
public static class ConcurEventReader
{
    /// <summary>Reads one event.</summary>
    /// <exception cref="FormatException">The body is not JSON, or <c>id</c>, <c>eventType</c> or <c>topic</c> is missing; the message says which.</exception>
    /// <summary>Longest id, type or topic taken (Concur's are GUIDs, 20-character document ids and names of a few dozen characters).</summary>
    public const int MaxTextLength = 128;

    /// <summary>Longest <c>facts.href</c> taken.</summary>
    public const int MaxHrefLength = 2048;

    public static ConcurEvent Read(ReadOnlyMemory<byte> utf8Json) =>
        TryRead(utf8Json, out var concurEvent, out var error) ? concurEvent : throw new FormatException($"{error.Pointer}: {error.Message}");

    /// <summary>Reads one event, or says which field is wrong and why (for a 400 answer).</summary>
    public static bool TryRead(ReadOnlyMemory<byte> utf8Json, [NotNullWhen(true)] out ConcurEvent? concurEvent, [NotNullWhen(false)] out FieldError? error)
    {
        concurEvent = null;
        if (BoundedJson.Check(utf8Json.Span) is { Count: > 0 } unreadable)
        {
            error = unreadable[0];
            return false;
        }

        EventJson? json;
        try
        {
            json = JsonSerializer.Deserialize<EventJson>(utf8Json.Span, ConcurJson.Options);
        }
        catch (JsonException ex)
        {
            error = new FieldError(Pointer(ex.Path), $"is not what a Concur event holds there: {ex.Message}");
            return false;
        }

        var missing = new[] { ("id", json?.Id), ("eventType", json?.EventType), ("topic", json?.Topic) }
            .Where(f => string.IsNullOrWhiteSpace(f.Item2)).Select(f => f.Item1).ToList();
        if (json is null || missing.Count > 0)
        {
            error = json is null ? new FieldError("", "is null; a Concur event is an object") : new FieldError("/" + missing[0], "is required");
            return false;
        }

        var tooLong = new[]
            {
                ("/id", json.Id), ("/correlationId", json.CorrelationId), ("/eventType", json.EventType), ("/topic", json.Topic), ("/subtopic", json.Subtopic),
                ("/facts/companyId", json.Facts?.CompanyId), ("/facts/documentId", json.Facts?.DocumentId), ("/facts/entityId", json.Facts?.EntityId),
            }
            .FirstOrDefault(f => f.Item2 is { Length: > MaxTextLength } || (f.Item2?.Any(char.IsControl) ?? false));
        if (tooLong.Item1 is { } field)
        {
            error = new FieldError(field, string.Create(CultureInfo.InvariantCulture, $"must be at most {MaxTextLength} characters without control characters"));
            return false;
        }

        Uri? href = null;
        if (json.Facts?.Href is { Length: > 0 } text && (text.Length > MaxHrefLength || !Uri.TryCreate(text, UriKind.Absolute, out href)))
        {
            error = new FieldError("/facts/href", text.Length > MaxHrefLength ? $"is longer than {MaxHrefLength} characters" : $"'{text}' is not an absolute URL");
            return false;
        }

        var facts = new ConcurEventFacts(json.Facts?.CompanyId, json.Facts?.DocumentId, href, json.Facts?.EntityId);
        concurEvent = new ConcurEvent(json.Id!, json.CorrelationId, json.EventType!, json.Topic!, json.Subtopic, json.TimeStamp, facts);
        error = null;
        return true;
    }

    /// <summary><c>$.facts.href</c> → <c>/facts/href</c>.</summary>
    private static string Pointer(string? path) =>
        path is null or "$" ? "" : "/" + path.TrimStart('$', '.').Replace('.', '/');

    private sealed class EventJson
    {
        public string? Id { get; set; }

        public string? CorrelationId { get; set; }

        public string? EventType { get; set; }

        public string? Topic { get; set; }

        public string? Subtopic { get; set; }

        public DateTimeOffset? TimeStamp { get; set; }

        public FactsJson? Facts { get; set; }
    }

    private sealed class FactsJson
    {
        public string? CompanyId { get; set; }

        public string? DocumentId { get; set; }

        public string? Href { get; set; }

        public string? EntityId { get; set; }
    }
}
