using FinanceFlow.Infrastructure.Status;

namespace FinanceFlow.Workflows.Metrics;

/// <summary>
/// <c>GET /api/v1/metrics</c>: the last <c>days</c> UTC days (today included) of the status rows, read with one filtered query on their last
/// change and at most <see cref="MaxRows"/> of them, aggregated by <see cref="MetricsAggregation"/>.
/// </summary>
public sealed class FinanceMetricsQuery(IReportStatusStore statuses, TimeProvider time)
{
    public const int DefaultDays = 14;
    public const int MaxDays = 90;

    /// <summary>The most status rows one answer reads; past it the answer says <c>truncated</c>.</summary>
    public const int MaxRows = 200_000;

    /// <summary>The figures of the last <paramref name="days"/> UTC days, up to now.</summary>
    public async Task<FinanceMetrics> GetAsync(int days, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
        var now = time.GetUtcNow();
        var firstDay = DateOnly.FromDateTime(now.UtcDateTime).AddDays(1 - days);

        // Every outcome counted in the window was written in it, so its row changed in it too: rows older than the window cannot count.
        var read = await statuses.ListChangedSinceAsync(new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), MaxRows, cancellationToken);
        return MetricsAggregation.Aggregate(read.Rows, firstDay, now, read.Truncated);
    }
}
