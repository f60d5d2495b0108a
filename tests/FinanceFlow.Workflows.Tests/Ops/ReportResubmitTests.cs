using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Operations;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Moq;

namespace FinanceFlow.Workflows.Tests.Ops;

public sealed class ReportResubmitTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
    private static readonly ReportKey Key = new("canonical", "R-1");
    private static readonly ReportStatusRecord Row = new(
        "canonical", "R-1", 1, Key.InstanceId(1), ReportStage.Posting, ReportOutcome.Pending, "E-1", "Ada", "USD", 10m, null, null, [], Now.AddHours(-2), Now.AddHours(-2),
        RawBlobName: "canonical/2026/12/07/msg_1.json");

    private readonly Mock<IReportStatusStore> _statuses = new();
    private readonly Mock<IRawPayloadStore> _raw = new();
    private readonly Mock<IAuditTrail> _audit = new();
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly List<AuditRecord> _trail = [];
    private readonly List<ReportStatusRecord> _written = [];

    public ReportResubmitTests()
    {
        _raw.Setup(r => r.ReadAsync(Row.RawBlobName!, It.IsAny<CancellationToken>())).ReturnsAsync(BinaryData.FromString(SampleReports.CanonicalJson("R-1")));
        _audit.Setup(a => a.AppendAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>())).Callback((AuditRecord r, CancellationToken _) => _trail.Add(r)).Returns(Task.CompletedTask);
        _statuses.Setup(s => s.UpsertAsync(It.IsAny<ReportStatusRecord>(), It.IsAny<CancellationToken>())).Callback((ReportStatusRecord r, CancellationToken _) => _written.Add(r)).Returns(Task.CompletedTask);
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Terminated, ReportOutcome.Pending)]
    [InlineData(OrchestrationRuntimeStatus.Failed, ReportOutcome.Pending)]
    [InlineData(OrchestrationRuntimeStatus.Completed, ReportOutcome.PostingFailed)]
    public async Task ResubmitAsync_FailedTerminatedOrPostingFailed_StartsFromTheKeptPayloadUnderItsIdWithTheCaller(OrchestrationRuntimeStatus runtime, ReportOutcome outcome)
    {
        Status(Row with { Outcome = outcome });
        Instance(runtime);

        var answer = await Resubmit().ResubmitAsync(Key, "ops@example.com", _client.Object, CancellationToken.None);

        Assert.Equal(Row.InstanceId, answer.Value);
        VerifyStarted(Times.Once());
        Assert.Equal((ReportOutcome.Pending, ReportStage.Received), (Assert.Single(_written).Outcome, _written[0].Stage));
        var row = Assert.Single(_trail);
        Assert.Equal((AuditSteps.ResubmitRequested, AuditOutcomes.Accepted, "ops@example.com"), (row.Step, row.Outcome, row.Actor));
        Assert.Contains($"previous run ended {runtime}", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResubmitAsync_HistoryPurged_StartsFromTheStatusRowsPayload()
    {
        Status(Row with { Outcome = ReportOutcome.PostingFailed });

        var answer = await Resubmit().ResubmitAsync(Key, "ops@example.com", _client.Object, CancellationToken.None);

        Assert.Equal(Row.InstanceId, answer.Value);
        _client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(
                nameof(ProcessExpenseReport),
                It.Is<ProcessReportInput>(i => i.MessageId == "msg_1" && i.ReceivedAt == Row.ReceivedAt && i.Version == 1),
                It.IsAny<StartOrchestrationOptions>(),
                It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running, ReportOutcome.Pending, "still-running")]
    [InlineData(OrchestrationRuntimeStatus.Pending, ReportOutcome.Pending, "still-running")]
    [InlineData(OrchestrationRuntimeStatus.Completed, ReportOutcome.Posted, "already-posted")]
    [InlineData(OrchestrationRuntimeStatus.Failed, ReportOutcome.Posted, "already-posted")]
    [InlineData(OrchestrationRuntimeStatus.Completed, ReportOutcome.Rejected, "not-resubmittable")]
    [InlineData(OrchestrationRuntimeStatus.Completed, ReportOutcome.PostingInDoubt, "not-resubmittable")]
    public async Task ResubmitAsync_RunningPostedOrAnotherOutcome_RefusesWithConflictAndStartsNothing(OrchestrationRuntimeStatus runtime, ReportOutcome outcome, string type)
    {
        Status(Row with { Outcome = outcome, ErpDocumentNumber = outcome == ReportOutcome.Posted ? "T-1" : null });
        Instance(runtime);

        var answer = await Resubmit().ResubmitAsync(Key, "ops@example.com", _client.Object, CancellationToken.None);

        Assert.Equal((RefusalKind.Conflict, type), (answer.Refusal!.Kind, answer.Refusal.Type));
        VerifyStarted(Times.Never());
        Assert.Empty(_trail);
        Assert.Empty(_written);
    }

    [Fact]
    public async Task ResubmitAsync_KeptPayloadGone_RefusesWithConflictNamingIt()
    {
        Status(Row with { Outcome = ReportOutcome.PostingFailed });
        _raw.Setup(r => r.ReadAsync(Row.RawBlobName!, It.IsAny<CancellationToken>())).ThrowsAsync(new Azure.RequestFailedException(404, "BlobNotFound"));

        var answer = await Resubmit().ResubmitAsync(Key, "ops@example.com", _client.Object, CancellationToken.None);

        Assert.Equal("raw-payload-missing", answer.Refusal!.Type);
        Assert.Contains(Row.RawBlobName!, answer.Refusal.Detail, StringComparison.Ordinal);
        VerifyStarted(Times.Never());
    }

    [Fact]
    public async Task ResubmitAsync_UnknownReport_RefusesNotFound()
    {
        var answer = await Resubmit().ResubmitAsync(Key, "ops@example.com", _client.Object, CancellationToken.None);

        Assert.Equal((RefusalKind.NotFound, "report-not-found"), (answer.Refusal!.Kind, answer.Refusal.Type));
    }

    private void Status(ReportStatusRecord row) =>
        _statuses.Setup(s => s.GetAsync(Key, It.IsAny<CancellationToken>())).ReturnsAsync(row);

    private void Instance(OrchestrationRuntimeStatus status) =>
        _client.Setup(c => c.GetInstanceAsync(Row.InstanceId, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(nameof(ProcessExpenseReport), Row.InstanceId)
            {
                RuntimeStatus = status,
                CreatedAt = Now.AddHours(-2),
                LastUpdatedAt = Now.AddHours(-2),
                SerializedInput = """{"Source":"canonical","ReportId":"R-1","Version":1,"RawBlobName":"canonical/2026/12/07/msg_1.json","MessageId":"msg_1","ReceivedAt":"2026-12-07T06:00:00+00:00","Actor":"ops@example.com","PostingRetry":{"MaxAttempts":2,"FirstRetrySeconds":1,"BackoffCoefficient":2,"MaxRetrySeconds":60}}""",
                DataConverter = JsonDataConverter.Default,
            });

    private void VerifyStarted(Times times) =>
        _client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(
                nameof(ProcessExpenseReport),
                It.Is<ProcessReportInput>(i => i.RawBlobName == Row.RawBlobName && i.Actor == "ops@example.com"),
                It.Is<StartOrchestrationOptions>(o => o.InstanceId == Row.InstanceId),
                It.IsAny<CancellationToken>()),
            times);

    private ReportResubmit Resubmit() => new(
        _statuses.Object, _raw.Object, _audit.Object, new StaticOptions<FinanceFlowOptions>(new FinanceFlowOptions()), new FixedTime(Now));
}
