using System.Text;
using System.Text.Json;

namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>Reads one page of Get Financial Transactions leniently: its documents, and its <c>self</c> and <c>next</c> links.</summary>
internal sealed record ConcurDocumentListPage(IReadOnlyList<ConcurListedDocument> Documents, Uri? Self, Uri? Next, int Skipped)
{
    /// <summary>Reads <paramref name="body"/>, fetched from <paramref name="requested"/> (relative links resolve against it).</summary>
    /// <exception cref="JsonException">The body is no JSON object.</exception>
    public static ConcurDocumentListPage Read(string body, string docType, Uri requested)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"Expected a page object, found {root.ValueKind}.");
        }

        var documents = new List<ConcurListedDocument>();
        var skipped = 0;
        if ((root.TryGetProperty("content", out var content) || root.TryGetProperty("fIDocuments", out content)) && content.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in content.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || Text(item, "id") is not { } id)
                {
                    // Without its id a document cannot be acknowledged; the caller logs how many were left out.
                    skipped++;
                    continue;
                }

                var type = Text(item, "docType")?.ToLowerInvariant() ?? docType;
                documents.Add(new ConcurListedDocument(id, type, Text(item, "docStatus"), DocIdOf(item, type), Encoding.UTF8.GetBytes(item.GetRawText())));
            }
        }

        return new ConcurDocumentListPage(documents, Link(root, "self", requested), Link(root, "next", requested), skipped);
    }

    private static Uri? Link(JsonElement root, string rel, Uri requested)
    {
        if (!root.TryGetProperty("links", out var links) || links.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var link in links.EnumerateArray())
        {
            if (link.ValueKind == JsonValueKind.Object && string.Equals(Text(link, "rel"), rel, StringComparison.OrdinalIgnoreCase)
                && Text(link, "href") is { } href && Uri.TryCreate(requested, href, out var uri))
            {
                return uri;
            }
        }

        return null;
    }

    // The report id of an expense, the cash advance id of a cash advance; the document comes embedded or as a JSON string holding it.
    private static string? DocIdOf(JsonElement item, string docType)
    {
        if (!item.TryGetProperty("document", out var document))
        {
            return null;
        }

        if (document.ValueKind == JsonValueKind.String)
        {
            try
            {
                using var embedded = JsonDocument.Parse(document.GetString()!);
                return DocIdIn(embedded.RootElement, docType);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return DocIdIn(document, docType);
    }

    private static string? DocIdIn(JsonElement document, string docType) =>
        document.ValueKind != JsonValueKind.Object ? null
        : docType == "cashadvance" ? Nested(document, "cashAdvanceData", "cashAdvanceId")
        : Nested(document, "report", "reportId");

    private static string? Nested(JsonElement document, string block, string name) =>
        document.TryGetProperty(block, out var inner) && inner.ValueKind == JsonValueKind.Object ? Text(inner, name) : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { } text && !string.IsNullOrWhiteSpace(text)
            ? text.Trim()
            : null;
}
