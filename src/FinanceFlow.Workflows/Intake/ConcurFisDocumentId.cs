using System.Text.Json;

namespace FinanceFlow.Workflows.Intake;

/// <summary>
/// The FIS document id of a fetched document (<c>content[0].id</c>, <c>fIDocuments[0].id</c> or a bare resource's <c>id</c>), read leniently so
/// that a document whose body the parser refuses is still acknowledged under the right id and then shown as rejected.
/// </summary>
public static class ConcurFisDocumentId
{
    /// <summary>The id, trimmed; null when the answer is no JSON object, holds more or fewer than one document, or carries no id.</summary>
    public static string? Of(ReadOnlyMemory<byte> document)
    {
        try
        {
            using var json = JsonDocument.Parse(document);
            var envelope = json.RootElement;
            if (envelope.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (envelope.TryGetProperty("content", out var page) || envelope.TryGetProperty("fIDocuments", out page))
            {
                if (page.ValueKind != JsonValueKind.Array || page.GetArrayLength() != 1 || page[0].ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                envelope = page[0];
            }

            return envelope.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { } text && !string.IsNullOrWhiteSpace(text)
                ? text.Trim()
                : null;
        }
        catch (JsonException)
        {
            // Unreadable: the parser names what is wrong; without an id nothing is acknowledged.
            return null;
        }
    }
}
