using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Metrics;
using Moq;

namespace FinanceFlow.Workflows.Tests.Metrics;

public sealed class FinanceMetricsQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 14, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetAsync_FourteenDays_ReadsOnceFromMidnightOfTheFirstDayBoundedAndSaysWhenTruncated()
    {
        // Arrange
        var statuses = new Mock<IReportStatusStore>();
        var posted = new ReportStatusRecord("canonical", "R-1", 1, "expense:canonical:R-1:v1", ReportStage.Completed, ReportOutcome.Posted, null, null, "USD", 10m, "T-1", null, [],
            Now.AddHours(-3), Now.AddHours(-1), ApprovedAt: Now.AddHours(-2), PostedAt: Now.AddHours(-1));
        var firstDay = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        statuses.Setup(s => s.ListChangedSinceAsync(firstDay, FinanceMetricsQuery.MaxRows, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ChangedStatusRows([posted], Truncated: true));

        // Act
        var metrics = await new FinanceMetricsQuery(statuses.Object, new FixedTime(Now)).GetAsync(14, CancellationToken.None);

        // Assert
        Assert.Equal((firstDay, Now, true, 1), (metrics.From, metrics.To, metrics.Truncated, metrics.RowsRead));
        Assert.Equal(14, metrics.Days.Count);
        Assert.Equal((new DateOnly(2026, 12, 14), 1), (metrics.Days[^1].Date, metrics.Days[^1].Posted));
        Assert.Equal(new SyncLag(1, 60, 60, 60), metrics.Totals.Lag);
        statuses.Verify(s => s.ListChangedSinceAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Once);
        statuses.VerifyNoOtherCalls();
    }
}
