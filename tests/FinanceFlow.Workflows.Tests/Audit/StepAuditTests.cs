using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Workflows.Audit;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace FinanceFlow.Workflows.Tests.Audit;

public sealed class StepAuditTests
{
    private static readonly StepContext Step = new("canonical", "R-1001", 1, "expense:canonical:R-1001:v1", "system");
    private static readonly StepContext Other = new("canonical", "R-2002", 1, "expense:canonical:R-2002:v1", "system");

    private readonly Mock<IAuditTrail> _trail = new();
    private readonly List<IReadOnlyList<AuditRecord>> _appends = [];
    private readonly StepAudit _audit;

    public StepAuditTests()
    {
        _trail.Setup(t => t.AppendAsync(It.IsAny<IReadOnlyList<AuditRecord>>(), It.IsAny<CancellationToken>()))
            .Callback<IReadOnlyList<AuditRecord>, CancellationToken>((rows, _) => _appends.Add([.. rows]))
            .Returns(Task.CompletedTask);
        _trail.Setup(t => t.AppendAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>()))
            .Callback<AuditRecord, CancellationToken>((row, _) => _appends.Add([row]))
            .Returns(Task.CompletedTask);
        _audit = new StepAudit(_trail.Object, new FakeTimeProvider(new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task InOneAppendAsync_StepsOfOneReport_OneAppendWithEveryRowInOrder()
    {
        var result = await _audit.InOneAppendAsync(async () =>
        {
            await _audit.RecordAsync(Step, "NormalizeReport", "Normalized", 1, null, CancellationToken.None);
            Assert.Empty(_appends);
            await _audit.RecordAsync(Step, "CheckPolicy", "Passed", 2, null, CancellationToken.None);
            return 42;
        }, CancellationToken.None);

        Assert.Equal(42, result);
        Assert.Equal(["NormalizeReport", "CheckPolicy"], Assert.Single(_appends).Select(r => r.Step));
    }

    [Fact]
    public async Task InOneAppendAsync_StepFails_RowsBeforeItAreWrittenAndTheFailureGoesOn()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => _audit.InOneAppendAsync<int>(async () =>
        {
            await _audit.RecordAsync(Step, "NormalizeReport", "Normalized", 1, null, CancellationToken.None);
            await _audit.RecordAsync(Step, "StoreAttachments", "AttemptFailed", 2, "receipt host away", CancellationToken.None);
            throw new InvalidOperationException("receipt host away");
        }, CancellationToken.None));

        Assert.Equal("receipt host away", failure.Message);
        Assert.Equal(["NormalizeReport", "StoreAttachments"], Assert.Single(_appends).Select(r => r.Step));
    }

    [Fact]
    public async Task InOneAppendAsync_RowsOfTwoReportsAndAfterwards_OneAppendPerReportThenEachRowAtOnce()
    {
        await _audit.InOneAppendAsync(async () =>
        {
            await _audit.RecordAsync(Step, "PostToErp", "Posted", 1, null, CancellationToken.None);
            await _audit.RecordAsync(Other, "MatchCardTransactions", "Matched", 2, null, CancellationToken.None);
            await _audit.RecordAsync(Step, "RecordOutcome", "Posted", 3, null, CancellationToken.None);
            return true;
        }, CancellationToken.None);
        await _audit.RecordAsync(Step, "NotifySource", "Notified", 4, null, CancellationToken.None);

        Assert.Equal(
            [["PostToErp", "RecordOutcome"], ["MatchCardTransactions"], ["NotifySource"]],
            _appends.Select(rows => rows.Select(r => r.Step).ToArray()));
    }
}
