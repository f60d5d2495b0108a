using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Workflows.Metrics;

namespace FinanceFlow.Workflows.Tests.Metrics;

public sealed class MetricsAggregationTests
{
    private static readonly DateOnly FirstDay = new(2026, 12, 1);
    private static readonly DateTimeOffset Midnight = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Read on the third day of the window, mid-morning.</summary>
    private static readonly DateTimeOffset Now = Midnight.AddDays(2).AddHours(10);

    [Fact]
    public void Aggregate_NoRows_EveryDayOfTheWindowIsPresentWithZeros()
    {
        var metrics = MetricsAggregation.Aggregate([], FirstDay, Now);

        Assert.Equal((Midnight, Now, false, 0), (metrics.From, metrics.To, metrics.Truncated, metrics.RowsRead));
        Assert.Equal([FirstDay, FirstDay.AddDays(1), FirstDay.AddDays(2)], metrics.Days.Select(d => d.Date));
        Assert.All(metrics.Days, d => Assert.Equal((0, 0, 0, 0, (SyncLag?)null), (d.Posted, d.Rejected, d.Failed, d.AwaitingResolution, d.Lag)));
        Assert.Equal(new MetricsTotals(0, 0, 0, 0, null), metrics.Totals);
        Assert.Empty(metrics.FailureReasons);
    }

    [Theory]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 50, 5)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 90, 9)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 100, 10)]
    [InlineData(new double[] { 1, 2, 3, 4 }, 50, 2)]
    [InlineData(new double[] { 1, 2, 3, 4 }, 90, 4)]
    [InlineData(new double[] { 42 }, 50, 42)]
    [InlineData(new double[] { 42 }, 90, 42)]
    [InlineData(new double[] { 15, 20, 35, 40, 50 }, 50, 35)]
    [InlineData(new double[] { 15, 20, 35, 40, 50 }, 90, 50)]
    public void Percentile_KnownInputs_IsTheNearestRankValue(double[] sorted, int percent, double expected)
    {
        Assert.Equal(expected, MetricsAggregation.Percentile(sorted, percent));
    }

    [Fact]
    public void Aggregate_PostedRows_LagPerDayAndOverTheWindowInMinutes()
    {
        // Day 1: lags of 30, 60, 90 and 600 minutes; day 2: one of 45.5 minutes; day 3: one posted row that cannot be measured.
        var rows = new[]
        {
            Posted("a", approved: Midnight.AddHours(8), posted: Midnight.AddHours(8.5)),
            Posted("b", approved: Midnight.AddHours(8), posted: Midnight.AddHours(9)),
            Posted("c", approved: Midnight.AddHours(8), posted: Midnight.AddHours(9.5)),
            Posted("d", approved: Midnight.AddHours(2), posted: Midnight.AddHours(12)),
            Posted("e", approved: Midnight.AddDays(1).AddHours(6), posted: Midnight.AddDays(1).AddHours(6).AddMinutes(45.5)),
            Posted("f", approved: null, posted: Midnight.AddDays(2).AddHours(9)),
        };

        var metrics = MetricsAggregation.Aggregate(rows, FirstDay, Now);

        Assert.Equal([4, 1, 1], metrics.Days.Select(d => d.Posted));
        Assert.Equal(new SyncLag(4, 60, 600, 600), metrics.Days[0].Lag);
        Assert.Equal(new SyncLag(1, 45.5, 45.5, 45.5), metrics.Days[1].Lag);
        Assert.Null(metrics.Days[2].Lag);
        Assert.Equal(new MetricsTotals(6, 0, 0, 0, new SyncLag(5, 60, 600, 600)), metrics.Totals);
    }

    [Fact]
    public void Aggregate_PostedJustBeforeMidnightUtc_CountsOnThatDay()
    {
        var rows = new[]
        {
            Posted("late", approved: Midnight.AddHours(23), posted: Midnight.AddDays(1).AddTicks(-1)),
            // 01:30 in UTC+2 is 23:30 UTC the day before.
            Posted("offset", approved: Midnight.AddHours(23), posted: new DateTimeOffset(2026, 12, 2, 1, 30, 0, TimeSpan.FromHours(2))),
            Posted("next", approved: Midnight.AddHours(23), posted: Midnight.AddDays(1)),
        };

        var metrics = MetricsAggregation.Aggregate(rows, FirstDay, Now);

        Assert.Equal([2, 1, 0], metrics.Days.Select(d => d.Posted));
    }

    [Fact]
    public void Aggregate_RowsWithoutApprovedAtOrPostedAt_CountAsPostedButAreLeftOutOfTheLag()
    {
        var rows = new[]
        {
            Posted("measured", approved: Midnight.AddHours(1), posted: Midnight.AddHours(3)),
            Posted("no-approval", approved: null, posted: Midnight.AddHours(4)),
            // Written before the row kept PostedAt: counted on its last change, and not measured although it knows its approval.
            Posted("old", approved: Midnight.AddHours(1), posted: null) with { UpdatedAt = Midnight.AddHours(5) },
        };

        var metrics = MetricsAggregation.Aggregate(rows, FirstDay, Now);

        Assert.Equal(3, metrics.Days[0].Posted);
        Assert.Equal(new SyncLag(1, 120, 120, 120), metrics.Days[0].Lag);
    }

    [Fact]
    public void Aggregate_PostedBeforeTheSourceSaysItApproved_CountsAsNoLag()
    {
        var metrics = MetricsAggregation.Aggregate([Posted("skew", approved: Midnight.AddHours(10), posted: Midnight.AddHours(9.5))], FirstDay, Now);

        Assert.Equal(new SyncLag(1, 0, 0, 0), metrics.Totals.Lag);
    }

    [Fact]
    public void Aggregate_RejectedAndFailedRows_CountOnTheirLastChangeWithTheirReasonsMostFrequentFirst()
    {
        var rows = new[]
        {
            Ended("r1", ReportOutcome.Rejected, Midnight.AddHours(1), Error("receipt-required"), Error("future-date"), Error("receipt-required"), Warning("receipt-late")),
            Ended("r2", ReportOutcome.Rejected, Midnight.AddHours(2), Error("receipt-required")),
            Ended("r3", ReportOutcome.Rejected, Midnight.AddDays(1).AddHours(2), Error("approver-is-submitter")),
            Ended("r4", ReportOutcome.Rejected, Midnight.AddDays(1).AddHours(3), Warning("receipt-late")),
            Ended("f1", ReportOutcome.PostingFailed, Midnight.AddDays(1).AddHours(4)),
            Ended("f2", ReportOutcome.PostingFailed, Midnight.AddDays(2).AddHours(4)),
            Ended("f3", ReportOutcome.PostingInDoubt, Midnight.AddDays(2).AddHours(5)),
            Ended("f4", ReportOutcome.AwaitingMasterData, Midnight.AddDays(2).AddHours(6), Error("employee-unknown")),
            Ended("f5", ReportOutcome.AwaitingMasterData, Midnight.AddDays(2).AddHours(7), Error("employee-unknown"), Error("future-date")),
        };

        var metrics = MetricsAggregation.Aggregate(rows, FirstDay, Now);

        Assert.Equal([2, 2, 0], metrics.Days.Select(d => d.Rejected));
        Assert.Equal([0, 1, 4], metrics.Days.Select(d => d.Failed));
        Assert.Equal((4, 5), (metrics.Totals.Rejected, metrics.Totals.Failed));
        Assert.Equal(
            [
                new FailureReasonCount("employee-unknown", 2),
                new FailureReasonCount("future-date", 2),
                new FailureReasonCount("posting-failed", 2),
                new FailureReasonCount("receipt-required", 2),
                new FailureReasonCount("approver-is-submitter", 1),
                new FailureReasonCount("posting-in-doubt", 1),
                new FailureReasonCount("rejected", 1),
            ],
            metrics.FailureReasons);
    }

    [Fact]
    public void Aggregate_ExceptionOpened_CountsOnTheDayItOpenedWhateverBecameOfTheReport()
    {
        var rows = new[]
        {
            Ended("waiting", ReportOutcome.AwaitingResolution, Midnight.AddHours(3)) with { Exception = Opened(Midnight.AddHours(3)) },
            // Nobody decided by the deadline: it ended Rejected two days later, and both days show it.
            Ended("timed-out", ReportOutcome.Rejected, Midnight.AddDays(2).AddHours(3), Error("receipt-required")) with { Exception = Opened(Midnight.AddHours(4)) },
            Posted("overridden", approved: Midnight.AddHours(1), posted: Midnight.AddDays(1).AddHours(2)) with { Exception = Opened(Midnight.AddDays(1)) },
            Ended("before", ReportOutcome.AwaitingResolution, Midnight.AddHours(1)) with { Exception = Opened(Midnight.AddDays(-1)) },
        };

        var metrics = MetricsAggregation.Aggregate(rows, FirstDay, Now);

        Assert.Equal([2, 1, 0], metrics.Days.Select(d => d.AwaitingResolution));
        Assert.Equal([0, 0, 1], metrics.Days.Select(d => d.Rejected));
        Assert.Equal([0, 1, 0], metrics.Days.Select(d => d.Posted));
    }

    [Fact]
    public void Aggregate_RowsChangedInTheWindowForAnOutcomeReachedBefore_AreNotCounted()
    {
        var rows = new[]
        {
            // Posted before the window, paid in it: the payment changed the row, the posting is not the window's.
            Posted("paid", approved: Midnight.AddDays(-3), posted: Midnight.AddDays(-2)) with { UpdatedAt = Midnight.AddHours(5), PaidAt = Midnight.AddHours(5) },
            Ended("pending", ReportOutcome.Pending, Midnight.AddHours(6)),
            Ended("earlier", ReportOutcome.Rejected, Midnight.AddTicks(-1), Error("future-date")),
        };

        var metrics = MetricsAggregation.Aggregate(rows, FirstDay, Now, truncated: true);

        Assert.Equal(new MetricsTotals(0, 0, 0, 0, null), metrics.Totals);
        Assert.Empty(metrics.FailureReasons);
        Assert.Equal((true, 3), (metrics.Truncated, metrics.RowsRead));
    }

    private static ReportStatusRecord Posted(string id, DateTimeOffset? approved, DateTimeOffset? posted) =>
        Ended(id, ReportOutcome.Posted, posted ?? Midnight) with { ApprovedAt = approved, PostedAt = posted, ErpDocumentNumber = "T-" + id };

    private static ReportStatusRecord Ended(string id, ReportOutcome outcome, DateTimeOffset at, params Finding[] findings) => new(
        "canonical", id, 1, $"expense:canonical:{id}:v1", ReportStage.Completed, outcome, "E100", "Ada Lovelace", "USD", 60.00m, null, null, findings,
        Midnight.AddDays(-5), at);

    private static Finding Error(string code) => new(code, code, null, FindingSeverity.Error);

    private static Finding Warning(string code) => new(code, code, null, FindingSeverity.Warning);

    private static OpenException Opened(DateTimeOffset at) => new("x:1", at, at.AddDays(4), at.AddDays(5), []);
}
