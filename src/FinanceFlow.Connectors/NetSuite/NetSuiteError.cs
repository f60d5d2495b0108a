using System.Text.Json;

namespace FinanceFlow.Connectors.NetSuite;

/// <summary>
/// A NetSuite REST error body (RFC 9457-like: <c>type</c>, <c>title</c>, <c>status</c>) with its <c>o:errorDetails</c>, each a
/// <c>detail</c> and an <c>o:errorCode</c> (e.g. <c>INVALID_CONTENT</c>, <c>USER_ERROR</c>) and optionally an <c>o:errorPath</c>.
/// </summary>
/// <param name="Code">The first detail's <c>o:errorCode</c>; null when the body has none.</param>
/// <param name="Detail">Every detail, with its path where there is one; the title or the raw body when there are none.</param>
internal sealed record NetSuiteError(string? Code, string Detail)
{
    /// <summary>The code NetSuite answers with a 404 for a record that does not exist.</summary>
    public const string NonexistentId = "NONEXISTENT_ID";

    public static NetSuiteError Read(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            string? code = null;
            var details = new List<string>();
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("o:errorDetails", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    code ??= Text(item, "o:errorCode");
                    var detail = Text(item, "detail") ?? string.Empty;
                    details.Add(Text(item, "o:errorPath") is { } path ? $"{detail} (at {path})" : detail);
                }
            }

            if (details.Count == 0)
            {
                details.Add(root.ValueKind == JsonValueKind.Object ? Text(root, "title") ?? Excerpt(body) : Excerpt(body));
            }

            return new NetSuiteError(code, string.Join("; ", details));
        }
        catch (JsonException)
        {
            return new NetSuiteError(null, Excerpt(body));
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Excerpt(string body) => body.Length > 500 ? body[..500] + "…" : body;
}
