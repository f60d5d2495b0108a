using System.Text.Json;

namespace FinanceFlow.Connectors.S4Hana;

/// <summary>SAP Gateway's OData V2 error body: <c>{"error":{"code":…,"message":{"lang":…,"value":…}}}</c>.</summary>
public static class S4HanaODataError
{
    /// <summary>The error's code and text, or an excerpt of a body of another shape.</summary>
    public static string Message(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("error", out var error))
            {
                var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                var text = error.TryGetProperty("message", out var m) ? m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() : m.GetString() : null;
                return code is null ? text ?? body : $"{code}: {text}";
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML logon page, a proxy's text): the excerpt below says it.
        }

        return body.Length > 300 ? body[..300] + "…" : body;
    }
}
