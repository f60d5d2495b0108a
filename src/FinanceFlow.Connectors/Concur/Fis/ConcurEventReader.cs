using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>Reads Event Subscription Service payloads: timestamps with <c>Z</c> or <c>+0000</c>, <c>data: null</c>, facts of any topic.</summary>
public static class ConcurEventReader
{
    /// <summary>Reads one event.</summary>
    /// <exception cref="FormatException">The body is not JSON, or <c>id</c>, <c>eventType</c> or <c>topic</c> is missing; the message says which.</exception>
    public static ConcurEvent Read(ReadOnlyMemory<byte> utf8Json) =>
        TryRead(utf8Json, out var concurEvent, out var error) ? concurEvent : throw new FormatException(error);

    /// <summary>Reads one event, or says why it cannot (for a 400 answer).</summary>
    public static bool TryRead(ReadOnlyMemory<byte> utf8Json, [NotNullWhen(true)] out ConcurEvent? concurEvent, [NotNullWhen(false)] out string? error)
    {
        concurEvent = null;
        EventJson? json;
        try
        {
            json = JsonSerializer.Deserialize<EventJson>(utf8Json.Span, ConcurJson.Options);
        }
        catch (JsonException ex)
        {
            error = $"The Concur event is not valid JSON at {ex.Path ?? "$"}: {ex.Message}";
            return false;
        }

        var missing = new[] { ("id", json?.Id), ("eventType", json?.EventType), ("topic", json?.Topic) }
            .Where(f => string.IsNullOrWhiteSpace(f.Item2)).Select(f => f.Item1).ToList();
        if (json is null || missing.Count > 0)
        {
            error = json is null ? "The Concur event is null." : $"The Concur event has no {string.Join(", ", missing)}.";
            return false;
        }

        Uri? href = null;
        if (json.Facts?.Href is { Length: > 0 } text && !Uri.TryCreate(text, UriKind.Absolute, out href))
        {
            error = $"The Concur event's facts.href '{text}' is not an absolute URL.";
            return false;
        }

        var facts = new ConcurEventFacts(json.Facts?.CompanyId, json.Facts?.DocumentId, href, json.Facts?.EntityId);
        concurEvent = new ConcurEvent(json.Id!, json.CorrelationId, json.EventType!, json.Topic!, json.Subtopic, json.TimeStamp, facts);
        error = null;
        return true;
    }

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
