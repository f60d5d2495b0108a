using FinanceFlow.Connectors.Callbacks;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.Sources;
using Moq;

namespace FinanceFlow.Workflows.Tests.ReportPipeline;

/// <summary>The status row the outcome step writes: when the report was posted, for the sync lag.</summary>
public sealed class RecordStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 23, 59, 30, TimeSpan.Zero);
    private static readonly StepContext Step = new("canonical", "R-1001", 1, "expense:canonical:R-1001:v1", "system");
    private readonly Mock<IReportStatusStore> _statuses = new();
    private readonly List<ReportStatusRecord> _written = [];

    public RecordStatusTests() =>
        _statuses.Setup(s => s.UpsertAsync(It.IsAny<ReportStatusRecord>(), It.IsAny<CancellationToken>()))
            .Callback<ReportStatusRecord, CancellationToken>((r, _) => _written.Add(r))
            .Returns(Task.CompletedTask);

    [Fact]
    public async Task RecordStatus_Posted_StampsThePostingTimeOnTheRowItWritesAnyway()
    {
        await Activities().RecordStatus(Request(ReportOutcome.Posted, "T-77"), CancellationToken.None);

        var row = Assert.Single(_written);
        Assert.Equal((ReportOutcome.Posted, Now, Now), (row.Outcome, row.PostedAt, row.UpdatedAt));
        // Intake recorded when the source approved it; this write does not know, and the store keeps the intake's.
        Assert.Null(row.ApprovedAt);
    }

    [Theory]
    [InlineData(ReportOutcome.Rejected)]
    [InlineData(ReportOutcome.PostingFailed)]
    [InlineData(ReportOutcome.PostingInDoubt)]
    [InlineData(ReportOutcome.AwaitingMasterData)]
    public async Task RecordStatus_NotPosted_HasNoPostingTime(ReportOutcome outcome)
    {
        await Activities().RecordStatus(Request(outcome, null), CancellationToken.None);

        Assert.Null(Assert.Single(_written).PostedAt);
    }

    private OutcomeActivities Activities()
    {
        var time = new FixedTime(Now);
        return new OutcomeActivities(_statuses.Object, Mock.Of<ISourceCallbackClient>(), Array.Empty<ISourceConfirmation>(), new StepAudit(Mock.Of<IAuditTrail>(), time), time);
    }

    private static OutcomeRequest Request(ReportOutcome outcome, string? document) => new(
        Step,
        new ReportResult("canonical", "R-1001", 1, outcome, document, "Ada Lovelace", "USD", 60.00m, [], null),
        Now.AddHours(-1),
        "canonical/2026/12/01/msg_1.json");
}
