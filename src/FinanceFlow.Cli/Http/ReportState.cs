using System.Text.Json;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Cli.Http;

/// <summary>The parts of the report view (<c>GET /api/v1/reports/{source}/{reportId}</c>) the CLI shows.</summary>
/// <param name="Outcome">Pending while the run goes on; Posted, Rejected, AwaitingMasterData, PostingFailed or PostingInDoubt at its end.</param>
/// <param name="RuntimeStatus">The Durable run's status (Running, Completed, Failed…); null when the host has no instance yet.</param>
/// <param name="UpdatedAt">When the report's status row was last written: at the end, by the run's final step.</param>
public sealed record ReportState(
    string InstanceId,
    int Version,
    string Outcome,
    string? RuntimeStatus,
    DateTimeOffset? UpdatedAt,
    string? ErpDocumentNumber,
    string? FailureReason,
    IReadOnlyList<string> FindingCodes,
    string? Stage,
    string? ReportId)
{
    private static readonly string[] BrokenRuns = ["Failed", "Terminated", "Canceled"];

    /// <summary>The run stopped without writing its outcome: it failed or was terminated.</summary>
    public bool RunBroken => RuntimeStatus is not null && BrokenRuns.Contains(RuntimeStatus, StringComparer.OrdinalIgnoreCase);

    /// <summary>The run has ended: it wrote its outcome, or it failed or was terminated.</summary>
    public bool IsTerminal => RunBroken || !string.Equals(Outcome, nameof(ReportOutcome.Pending), StringComparison.OrdinalIgnoreCase);

    /// <summary>The business outcome when the run ended with one, the runtime status when it broke or still runs.</summary>
    public string Display => RunBroken || !IsTerminal ? RuntimeStatus ?? Outcome : Outcome;

    /// <summary>Reads the report view; null when it is not one (no instance id).</summary>
    public static ReportState? Parse(JsonElement root)
    {
        if (Text(root, "instanceId") is not { } instanceId)
        {
            return null;
        }

        var findings = new List<string>();
        if (root.TryGetProperty("findings", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            findings.AddRange(list.EnumerateArray().Select(f => Text(f, "code")).OfType<string>());
        }

        return new ReportState(
            instanceId,
            root.TryGetProperty("version", out var v) && v.TryGetInt32(out var version) ? version : 0,
            Text(root, "outcome") ?? nameof(ReportOutcome.Pending),
            Text(root, "runtimeStatus"),
            root.TryGetProperty("updatedAt", out var u) && u.ValueKind == JsonValueKind.String && u.TryGetDateTimeOffset(out var at) ? at : null,
            Documents(root) ?? Text(root, "erpDocumentNumber"),
            Text(root, "failureReason"),
            findings,
            Text(root, "stage"),
            Text(root, "reportId"));
    }

    // A report routed to several legal entities has one ERP document per entity: "FF-X (US01), FF-X.DE01 (DE01)".
    private static string? Documents(JsonElement view) =>
        view.TryGetProperty("erpDocuments", out var documents) && documents.ValueKind == JsonValueKind.Array && documents.GetArrayLength() > 1
            ? string.Join(", ", documents.EnumerateArray().Select(d => $"{Text(d, "documentNumber") ?? "not posted"} ({Text(d, "entity")})"))
            : null;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
