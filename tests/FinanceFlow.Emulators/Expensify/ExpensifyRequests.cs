using System.Text.Json.Nodes;

namespace FinanceFlow.Emulators.Expensify;

/// <summary>One request the emulator received.</summary>
public sealed record ReceivedJob(IReadOnlyDictionary<string, string> Form, DateTime At)
{
    public JsonObject Job => ExpensifyEmulator.Job(Form) ?? throw new InvalidOperationException("No requestJobDescription in the request.");

    public string? Type => Job["type"]?.GetValue<string>();

    public string? Template => Form.TryGetValue("template", out var template) ? template : null;

    /// <summary>An export: a file job without onFinish (with onFinish it is a markAsExported).</summary>
    public bool IsExport => ExpensifyEmulator.Job(Form) is { } job && (string?)job["type"] == "file" && job["onFinish"] is null;
}

/// <summary>A markAsExported request for one report and, when the test was asked, whether that report was in the ledger when it arrived.</summary>
public sealed record MarkAsExported(string ReportId, bool? PostedOnArrival);
