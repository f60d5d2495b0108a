using System.Text.Json;

namespace FinanceFlow.Cli.Http;

/// <summary>An RFC 9457 problem details answer as one line: its title and detail, else the start of the body.</summary>
public static class ProblemText
{
    public static string Of(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            string? Field(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var parts = new[] { Field("title"), Field("detail") }.Where(p => !string.IsNullOrWhiteSpace(p));
            var joined = string.Join(": ", parts);
            return joined.Length > 0 ? joined : Truncate(text);
        }
        catch (JsonException)
        {
            return Truncate(text);
        }
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
