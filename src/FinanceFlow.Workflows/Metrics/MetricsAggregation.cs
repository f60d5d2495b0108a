using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.Operations;

namespace FinanceFlow.Workflows.Metrics;

/// <summary>
/// Turns status rows into <see cref="FinanceMetrics"/>, with no I/O and no clock of its own. A status row is a report's latest version as it
/// stands now, so a report counts once, on the UTC day it reached the outcome it still has: posted on its <see cref="ReportStatusRecord.PostedAt"/>
/// (rows written before it was kept: on their last change), rejected and failed on their last change, an exception on the day it opened.
/// </summary>
public static class MetricsAggregation
{
    private static readonly int[] Percentiles = [50, 90];

    /// <summary>The figures of the UTC days from <paramref name="firstDay"/> to the day of <paramref name="to"/>, out of <paramref name="rows"/>.</summary>
    public static FinanceMetrics Aggregate(IReadOnlyCollection<ReportStatusRecord> rows, DateOnly firstDay, DateTimeOffset to, bool truncated = false)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var lastDay = DayOf(to);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstDay, lastDay);
        var days = Enumerable.Range(0, lastDay.DayNumber - firstDay.DayNumber + 1).Select(i => new DayTally(firstDay.AddDays(i))).ToArray();
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        DayTally? On(DateTimeOffset at) => DayOf(at).DayNumber - firstDay.DayNumber is var i && i >= 0 && i < days.Length ? days[i] : null;

        foreach (var row in rows)
        {
            switch (row.Outcome)
            {
                case ReportOutcome.Posted or ReportOutcome.Paid when On(row.PostedAt ?? row.UpdatedAt) is { } day:
                    day.Posted++;
                    if (LagMinutes(row) is { } lag)
                    {
                        day.Lags.Add(lag);
                    }

                    break;
                case ReportOutcome.Rejected when On(row.UpdatedAt) is { } day:
                    day.Rejected++;
                    CountReasons(row, reasons);
                    break;
                case ReportOutcome.PostingFailed or ReportOutcome.PostingInDoubt or ReportOutcome.AwaitingMasterData when On(row.UpdatedAt) is { } day:
                    day.Failed++;
                    CountReasons(row, reasons);
                    break;
            }

            // The exception is kept on the row once decided, whatever the report became since: it still opened that day.
            if (row.Exception is { } exception && On(exception.OpenedAt) is { } opened)
            {
                opened.AwaitingResolution++;
            }
        }

        var totals = new MetricsTotals(
            days.Sum(d => d.Posted), days.Sum(d => d.Rejected), days.Sum(d => d.Failed), days.Sum(d => d.AwaitingResolution), Lag(days.SelectMany(d => d.Lags)));
        return new FinanceMetrics(
            new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            to,
            truncated,
            rows.Count,
            totals,
            [.. days.Select(d => new MetricsDay(d.Date, d.Posted, d.Rejected, d.Failed, d.AwaitingResolution, Lag(d.Lags)))],
            [.. reasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => new FailureReasonCount(r.Key, r.Value))]);
    }

    /// <summary>Nearest-rank percentile of ascending <paramref name="sorted"/> values: a value that was measured, never one between two.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, int percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        return sorted[((percent * sorted.Count) + 99) / 100 - 1];
    }

    private static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    /// <summary>Approval to posting; null for rows that do not know both. A posting stamped before the approval (the source's clock) counts as none.</summary>
    private static double? LagMinutes(ReportStatusRecord row) =>
        row is { ApprovedAt: { } approved, PostedAt: { } posted } ? Math.Max(0, (posted - approved).TotalMinutes) : null;

    private static SyncLag? Lag(IEnumerable<double> minutes)
    {
        var sorted = minutes.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var p = Percentiles.Select(percent => Round(Percentile(sorted, percent))).ToArray();
        return new SyncLag(sorted.Count, p[0], p[1], Round(sorted[^1]));
    }

    private static double Round(double minutes) => Math.Round(minutes, 1, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Each error finding's code once per report; a report with none (an ERP refusal, a posting in doubt) under its outcome's kind, as the
    /// exception queue names it.
    /// </summary>
    private static void CountReasons(ReportStatusRecord row, Dictionary<string, int> reasons)
    {
        var codes = row.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => f.Code).Distinct(StringComparer.Ordinal).ToList();
        if (codes.Count == 0)
        {
            codes.Add(row.Outcome switch
            {
                ReportOutcome.PostingFailed => OpenWork.PostingFailed,
                ReportOutcome.PostingInDoubt => OpenWork.PostingInDoubt,
                ReportOutcome.AwaitingMasterData => OpenWork.AwaitingMasterData,
                _ => OpenWork.Rejected,
            });
        }

        foreach (var code in codes)
        {
            reasons[code] = reasons.GetValueOrDefault(code) + 1;
        }
    }

    private sealed class DayTally(DateOnly date)
    {
        public DateOnly Date { get; } = date;

        public int Posted { get; set; }

        public int Rejected { get; set; }

        public int Failed { get; set; }

        public int AwaitingResolution { get; set; }

        public List<double> Lags { get; } = [];
    }
}
