using System.Text.Json;

namespace FinanceFlow.Cli.Http;

/// <summary>The parts of a Durable status answer the CLI shows.</summary>
public sealed record OrchestrationStatus(
    string RuntimeStatus,
    DateTimeOffset? LastUpdatedTime,
    string? Outcome,
    string? ErpDocumentNumber,
    string? FailureReason,
    IReadOnlyList<string> FindingCodes,
    string? Stage,
    string? ReportId)
{
    private static readonly string[] TerminalStates = ["Completed", "Failed", "Terminated", "Canceled"];

    public bool IsTerminal => TerminalStates.Contains(RuntimeStatus, StringComparer.OrdinalIgnoreCase);

    /// <summary>The business outcome when the run completed, otherwise the runtime status.</summary>
    public string Display => string.Equals(RuntimeStatus, "Completed", StringComparison.OrdinalIgnoreCase) && Outcome is not null ? Outcome : RuntimeStatus;

    public static OrchestrationStatus Parse(JsonElement root)
    {
        var runtime = Text(root, "runtimeStatus") ?? "Unknown";
        DateTimeOffset? updated = root.TryGetProperty("lastUpdatedTime", out var u) && u.ValueKind == JsonValueKind.String && u.TryGetDateTimeOffset(out var t) ? t : null;
        var output = Unwrap(root, "output");
        var custom = Unwrap(root, "customStatus");
        var findings = new List<string>();
        if (output is { } o && o.TryGetProperty("findings", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            findings.AddRange(list.EnumerateArray().Select(f => Text(f, "code")).OfType<string>());
        }

        return new OrchestrationStatus(
            runtime,
            updated,
            output is { } a ? Text(a, "outcome") : null,
            output is { } b ? Documents(b) ?? Text(b, "erpDocumentNumber") : null,
            output is { } c ? Text(c, "failureReason") : null,
            findings,
            custom is { } s ? Text(s, "stage") : null,
            output is { } r ? Text(r, "reportId") : null);
    }

    // A report routed to several legal entities has one ERP document per entity: "FF-X (US01), FF-X-DE01 (DE01)".
    private static string? Documents(JsonElement output) =>
        output.TryGetProperty("documents", out var documents) && documents.ValueKind == JsonValueKind.Array && documents.GetArrayLength() > 1
            ? string.Join(", ", documents.EnumerateArray().Select(d => $"{Text(d, "documentNumber") ?? "not posted"} ({Text(d, "entity")})"))
            : null;

    // Durable hosts may hand output/customStatus back as an object or as a JSON string.
    private static JsonElement? Unwrap(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            try
            {
                using var inner = JsonDocument.Parse(value.GetString() ?? "null");
                return inner.RootElement.ValueKind == JsonValueKind.Object ? inner.RootElement.Clone() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return value.ValueKind == JsonValueKind.Object ? value : null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
