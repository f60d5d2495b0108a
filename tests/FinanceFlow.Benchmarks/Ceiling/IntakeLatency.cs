using System.Globalization;
using System.Net;
using FinanceFlow.Workflows.Metrics;

namespace FinanceFlow.Benchmarks.Ceiling;

/// <summary>One webhook of the intake phase: its report, the HTTP status (0: no answer) and the time from sending it to the answer.</summary>
internal sealed record IntakeAnswer(string ReportId, int Status, double Milliseconds)
{
    public bool Accepted => Status == (int)HttpStatusCode.Accepted;
}

/// <summary>What the intake phase measured: offered and achieved rate, answers by status, latency percentiles of the 202 answers.</summary>
internal sealed record IntakeLatency(double Offered, double Achieved, IReadOnlyList<IntakeAnswer> Answers)
{
    public IReadOnlyList<string> AcceptedIds => [.. Answers.Where(a => a.Accepted).Select(a => a.ReportId)];

    /// <summary>Nearest-rank percentile of the accepted webhooks' latency in ms (the metrics page's rule: a measured value).</summary>
    public double Percentile(int percent)
    {
        var sorted = Answers.Where(a => a.Accepted).Select(a => a.Milliseconds).Order().ToList();
        return sorted.Count == 0 ? double.NaN : MetricsAggregation.Percentile(sorted, percent);
    }

    public override string ToString()
    {
        var statuses = string.Join(", ", Answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "no answer" : g.Key)} x{g.Count()}"));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Answers.Count} webhooks offered at {Offered:0.0#}/s (sent at {Achieved:0.0#}/s), answers {statuses}; latency of the 202s "
            + $"p50 {Percentile(50):0.0} / p95 {Percentile(95):0.0} / p99 {Percentile(99):0.0} / max {Percentile(100):0.0} ms (target p99 <= 50 ms)");
    }
}
