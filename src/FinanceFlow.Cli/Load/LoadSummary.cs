using System.Globalization;
using System.Text;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Cli.Load;

/// <summary>What one load run measured; printed as lines or as JSON (<c>--json</c>).</summary>
public sealed record LoadSummary(
    string Url,
    int Count,
    double TargetRate,
    int Concurrency,
    int Sent,
    double AchievedRate,
    double? IntakeP50Ms,
    double? IntakeP95Ms,
    double? IntakeP99Ms,
    double? IntakeMaxMs,
    IReadOnlyDictionary<string, int> AnswersByStatus,
    IReadOnlyDictionary<string, int> ErrorsByStatus,
    IReadOnlyDictionary<string, int> Outcomes,
    int Unfinished,
    double? EndToEndSeconds,
    double? EndToEndReportsPerSecond,
    double? IntakeToPostedP50Seconds,
    double? IntakeToPostedP95Seconds,
    double? IntakeToPostedMaxSeconds)
{
    /// <summary>Every report accepted and posted.</summary>
    public bool Success => ErrorsByStatus.Count == 0 && Unfinished == 0
        && Outcomes.TryGetValue(nameof(ReportOutcome.Posted), out var posted) && posted == Count;

    public string ToText()
    {
        var text = new StringBuilder();
        void Line(string label, string value) => text.AppendLine(CultureInfo.InvariantCulture, $"{label,-28}{value}");
        Line("target", Url);
        Line("reports (N)", $"{Count} (sent {Sent})");
        Line("rate target / achieved", $"{F(TargetRate)} / {F(AchievedRate)} per s (concurrency {Concurrency})");
        Line("intake latency p50/p95/p99", $"{F(IntakeP50Ms)} / {F(IntakeP95Ms)} / {F(IntakeP99Ms)} ms (max {F(IntakeMaxMs)})");
        Line("answers by status", Join(AnswersByStatus));
        Line("errors by status", ErrorsByStatus.Count == 0 ? "none" : Join(ErrorsByStatus));
        Line("outcomes", Join(Outcomes) + (Unfinished > 0 ? $", unfinished={Unfinished}" : string.Empty));
        Line("end to end", $"{F(EndToEndReportsPerSecond)} reports/s over {F(EndToEndSeconds)} s (first send -> last completion)");
        Line("intake->posted p50/p95", $"{F(IntakeToPostedP50Seconds)} / {F(IntakeToPostedP95Seconds)} s (max {F(IntakeToPostedMaxSeconds)})");
        Line("result", Success ? "PASS: every report posted" : "FAIL: not every report was accepted and posted");
        return text.ToString();
    }

    private static string F(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";

    private static string Join(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "-" : string.Join(", ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}
