using Azure.Data.Tables;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Testing;

namespace FinanceFlow.Integration.Tests.Storage;

[Trait("Category", "Integration")]
public sealed class AuditTrailTests(AzuriteProcess azurite) : IClassFixture<AzuriteProcess>
{
    private readonly TableAuditTrail _audit = new(new TableServiceClient(azurite.ConnectionString));

    [Fact]
    public async Task ReadAsync_StepsAppendedOutOfOrder_ReturnsOldestFirst()
    {
        // Arrange
        var report = new ReportKey("concur", "RPT-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new DateTimeOffset(2024, 3, 21, 9, 0, 0, TimeSpan.Zero);
        await _audit.AppendAsync(Record(report, start.AddMinutes(2), "Posting"), CancellationToken.None);
        await _audit.AppendAsync(Record(report, start, "Received"), CancellationToken.None);
        await _audit.AppendAsync(Record(report, start.AddMinutes(1), "Normalized"), CancellationToken.None);

        // Act
        var rows = await _audit.ReadAsync(report, CancellationToken.None);

        // Assert
        Assert.Equal(["Received", "Normalized", "Posting"], rows.Select(r => r.Step));
        Assert.Equal(start, rows[0].At);
        Assert.All(rows, r => Assert.Equal(report, r.Report));
    }

    [Fact]
    public async Task AppendAsync_SameStepAtSameInstantTwice_KeepsBothRows()
    {
        // Arrange
        var report = new ReportKey("concur", "dup/" + Guid.NewGuid().ToString("N")[..8]);
        var at = DateTimeOffset.UtcNow;

        // Act
        await _audit.AppendAsync(Record(report, at, "Posting", "attempt 1"), CancellationToken.None);
        await _audit.AppendAsync(Record(report, at, "Posting", "attempt 2"), CancellationToken.None);
        var rows = await _audit.ReadAsync(report, CancellationToken.None);

        // Assert
        Assert.Equal(2, rows.Count);
        Assert.Equal(["attempt 1", "attempt 2"], rows.Select(r => r.Detail).Order());
    }

    [Fact]
    public async Task ReadAsync_AnotherReport_SeesOnlyItsOwnRows()
    {
        // Arrange
        var mine = new ReportKey("expensify", "A-" + Guid.NewGuid().ToString("N")[..8]);
        var other = new ReportKey("expensify", "B-" + Guid.NewGuid().ToString("N")[..8]);
        await _audit.AppendAsync(Record(mine, DateTimeOffset.UtcNow, "Received"), CancellationToken.None);
        await _audit.AppendAsync(Record(other, DateTimeOffset.UtcNow, "Received"), CancellationToken.None);

        // Act
        var rows = await _audit.ReadAsync(mine, CancellationToken.None);

        // Assert
        var row = Assert.Single(rows);
        Assert.Equal(mine, row.Report);
        Assert.Equal("system", row.Actor);
        Assert.Equal(new string('a', 64), row.InputSha256);
        Assert.Equal(3, row.Version);
    }

    private static AuditRecord Record(ReportKey report, DateTimeOffset at, string step, string? detail = null) =>
        new(report, 3, at, step, "Succeeded", "system", "corr-1", new string('a', 64), detail);
}
