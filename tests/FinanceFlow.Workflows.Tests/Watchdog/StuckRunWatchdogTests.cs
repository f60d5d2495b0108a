using System.Text.Json.Nodes;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Model;
using FinanceFlow.Emulators.Concur;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.CashAdvances;
using FinanceFlow.Workflows.Operations;
using FinanceFlow.Workflows.Reconciliation;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FinanceFlow.Workflows.Tests.Watchdog;

public sealed class StuckRunWatchdogTests
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

    public StuckRunWatchdogTests()
    {
        _statuses.Setup(s => s.ListByOutcomeAsync(It.IsAny<IReadOnlyCollection<ReportOutcome>>(), It.IsAny<CancellationToken>())).ReturnsAsync([Row]);
        _audit.Setup(a => a.ReadAsync(Key, It.IsAny<CancellationToken>())).ReturnsAsync(() => [.. _trail]);
        _audit.Setup(a => a.AppendAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>())).Callback((AuditRecord r, CancellationToken _) => _trail.Add(r)).Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task SweepAsync_RunCreatedButNeverExecuted_PurgedAndStartedAgainUnderItsId()
    {
        Instance(OrchestrationRuntimeStatus.Pending);

        var sweep = await Watchdog().SweepAsync(_client.Object, CancellationToken.None);

        Assert.Equal((1, 1, 0), (sweep.Stuck, sweep.Redriven, sweep.LeftForOps));
        _client.Verify(c => c.PurgeInstanceAsync(Row.InstanceId, It.IsAny<CancellationToken>()), Times.Once);
        _client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(
                nameof(ProcessExpenseReport),
                It.Is<ProcessReportInput>(i => i.ReportId == "R-1" && i.RawBlobName == Row.RawBlobName && i.Actor == StuckRunWatchdog.Actor),
                It.Is<StartOrchestrationOptions>(o => o.InstanceId == Row.InstanceId),
                It.IsAny<CancellationToken>()),
            Times.Once);
        Assert.Equal(AuditOutcomes.Redriven, Assert.Single(_trail).Outcome);
    }

    [Fact]
    public async Task SweepAsync_RunningWithoutProgress_StoppedOnceThenStartedWhenTerminated()
    {
        Instance(OrchestrationRuntimeStatus.Running);
        await Watchdog().SweepAsync(_client.Object, CancellationToken.None);
        await Watchdog().SweepAsync(_client.Object, CancellationToken.None);

        // One terminate only: a second one still queued would stop the new run as well.
        _client.Verify(c => c.TerminateInstanceAsync(Row.InstanceId, It.IsAny<TerminateInstanceOptions>(), It.IsAny<CancellationToken>()), Times.Once);
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()), Times.Never);

        Instance(OrchestrationRuntimeStatus.Terminated);
        var sweep = await Watchdog().SweepAsync(_client.Object, CancellationToken.None);

        Assert.Equal(1, sweep.Redriven);
        Assert.Equal([AuditOutcomes.Stopped, AuditOutcomes.Redriven], _trail.Select(r => r.Outcome));
    }

    [Fact]
    public async Task SweepAsync_TerminatedByAPerson_LeftForFinanceOps()
    {
        Instance(OrchestrationRuntimeStatus.Terminated);

        var sweep = await Watchdog().SweepAsync(_client.Object, CancellationToken.None);

        Assert.Equal((1, 0, 1), (sweep.Stuck, sweep.Redriven, sweep.LeftForOps));
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task SweepAsync_RedrivesUsedUp_OneStuckAuditRowAndNoNewRun()
    {
        Instance(OrchestrationRuntimeStatus.Failed);
        _trail.Add(new AuditRecord(Key, 1, Now.AddHours(-1), AuditSteps.Watchdog, AuditOutcomes.Redriven, StuckRunWatchdog.Actor, Row.InstanceId, "x", "earlier"));

        await Watchdog().SweepAsync(_client.Object, CancellationToken.None);
        var sweep = await Watchdog().SweepAsync(_client.Object, CancellationToken.None);

        Assert.Equal(1, sweep.LeftForOps);
        Assert.Single(_trail, r => r.Outcome == AuditOutcomes.Stuck);
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task SweepAsync_RunStillMoving_NothingDone()
    {
        Instance(OrchestrationRuntimeStatus.Running, lastUpdated: Now.AddSeconds(-30));

        var sweep = await Watchdog().SweepAsync(_client.Object, CancellationToken.None);

        Assert.Equal(0, sweep.Stuck);
        Assert.Empty(_trail);
    }

    [Theory]
    [InlineData("The ERP could not be reached after 5 attempts: Connection refused (127.0.0.1:5055)", 1)]
    [InlineData("Not posted: account 6100 is closed for posting", 0)]
    [InlineData("FinanceFlow's storage could not be reached for 5 minutes while posting: Connection refused (127.0.0.1:10002)", 1)]
    public async Task SweepAsync_PostingFailed_RunAgainOnlyWhenTheErpOrStorageWasUnreachable(string reason, int expected)
    {
        var failed = Row with { Outcome = ReportOutcome.PostingFailed, FailureReason = reason };
        _statuses.Setup(s => s.ListByOutcomeAsync(It.Is<IReadOnlyCollection<ReportOutcome>>(o => o.Contains(ReportOutcome.PostingFailed)), It.IsAny<CancellationToken>())).ReturnsAsync([failed]);
        _statuses.Setup(s => s.ListByOutcomeAsync(It.Is<IReadOnlyCollection<ReportOutcome>>(o => o.Contains(ReportOutcome.Pending)), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        Instance(OrchestrationRuntimeStatus.Completed);

        var sweep = await Watchdog().SweepAsync(_client.Object, CancellationToken.None);

        Assert.Equal(expected, sweep.ErpRetried);
        _client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(nameof(ProcessExpenseReport), It.IsAny<object>(), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()),
            Times.Exactly(expected));
        Assert.Equal(expected, _trail.Count(r => r.Outcome == AuditOutcomes.ErpRetried));
    }

    [Fact]
    public async Task SweepAsync_ErpRetriesUsedUp_LeftToFinanceOps()
    {
        var failed = Row with { Outcome = ReportOutcome.PostingFailed, FailureReason = "The ERP could not be reached after 5 attempts: timeout" };
        _statuses.Setup(s => s.ListByOutcomeAsync(It.Is<IReadOnlyCollection<ReportOutcome>>(o => o.Contains(ReportOutcome.PostingFailed)), It.IsAny<CancellationToken>())).ReturnsAsync([failed]);
        _statuses.Setup(s => s.ListByOutcomeAsync(It.Is<IReadOnlyCollection<ReportOutcome>>(o => o.Contains(ReportOutcome.Pending)), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        Instance(OrchestrationRuntimeStatus.Completed);
        for (var i = 0; i < 8; i++)
        {
            _trail.Add(new AuditRecord(Key, 1, Now.AddHours(-1), AuditSteps.Watchdog, AuditOutcomes.ErpRetried, StuckRunWatchdog.Actor, Row.InstanceId, "x", "earlier"));
        }

        var sweep = await Watchdog().SweepAsync(_client.Object, CancellationToken.None);

        Assert.Equal(0, sweep.ErpRetried);
    }

    [Theory]
    [InlineData(ReportOutcome.Posted, 1)]
    [InlineData(ReportOutcome.Pending, 0)]
    [InlineData(null, 0)]
    public async Task SweepAsync_ReportWaitingForACashAdvance_RunsAgainOnceItsIssuanceIsPosted(ReportOutcome? issuance, int expected)
    {
        var waiting = Row with
        {
            Outcome = ReportOutcome.AwaitingMasterData,
            Findings = [new Finding(CashAdvanceIssuance.NotIssued, "Cash advance ADV-1 is applied but not issued", "/cashAdvanceApplication/0/cashAdvanceId")],
        };
        _statuses.Setup(s => s.ListByOutcomeAsync(It.IsAny<IReadOnlyCollection<ReportOutcome>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyCollection<ReportOutcome> outcomes, CancellationToken _) => outcomes.Contains(ReportOutcome.AwaitingMasterData) ? [waiting] : []);
        var page = JsonNode.Parse(ConcurFisPayloads.ExpensePage("EXP-1"))!;
        page["content"]![0]!["document"]!["cashAdvanceApplication"] = new JsonArray(new JsonObject { ["cashAdvanceId"] = "ADV-1", ["cashAdvanceApplicationAmount"] = -8, ["cashAdvanceTransactionType"] = 2 });
        _raw.Setup(r => r.ReadAsync(Row.RawBlobName!, It.IsAny<CancellationToken>())).ReturnsAsync(BinaryData.FromString(page.ToJsonString()));
        _statuses.Setup(s => s.GetAsync(new ReportKey("concur", "cashadvance-ADV-1"), It.IsAny<CancellationToken>())).ReturnsAsync(issuance is { } outcome
            ? new ReportStatusRecord("concur", "cashadvance-ADV-1", 1, "i", ReportStage.Completed, outcome, "E-1", null, "EUR", 30m, null, null, [], Now, Now)
            : null);
        Instance(OrchestrationRuntimeStatus.Completed);

        var sweep = await Watchdog().SweepAsync(_client.Object, CancellationToken.None);

        Assert.Equal(expected, sweep.AdvancesReleased);
        _client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(nameof(ProcessExpenseReport), It.IsAny<object>(), It.Is<StartOrchestrationOptions>(o => o.InstanceId == Row.InstanceId), It.IsAny<CancellationToken>()),
            Times.Exactly(expected));
        Assert.Equal(expected, _trail.Count(r => r.Outcome == AuditOutcomes.Redriven));
    }

    private void Instance(OrchestrationRuntimeStatus status, DateTimeOffset? lastUpdated = null) =>
        _client.Setup(c => c.GetInstanceAsync(Row.InstanceId, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(nameof(ProcessExpenseReport), Row.InstanceId)
            {
                RuntimeStatus = status,
                CreatedAt = Now.AddHours(-2),
                LastUpdatedAt = lastUpdated ?? Now.AddHours(-2),
                SerializedInput = """{"Source":"canonical","ReportId":"R-1","Version":1,"RawBlobName":"canonical/2026/12/07/msg_1.json","MessageId":"msg_1","ReceivedAt":"2026-12-07T06:00:00+00:00","Actor":"ops@example.com","PostingRetry":{"MaxAttempts":2,"FirstRetrySeconds":1,"BackoffCoefficient":2,"MaxRetrySeconds":60}}""",
                DataConverter = JsonDataConverter.Default,
            });

    private StuckRunWatchdog Watchdog() => new(
        _statuses.Object,
        new CashAdvanceIssuance(_raw.Object, _statuses.Object),
        _audit.Object,
        new StaticOptions<WatchdogOptions>(new WatchdogOptions { StuckAfter = TimeSpan.FromMinutes(15), AutoRedrives = 1, ErpRetries = 8, ErpRetryAfter = TimeSpan.FromMinutes(15) }),
        new StaticOptions<ReconciliationOptions>(new ReconciliationOptions()),
        new StaticOptions<FinanceFlowOptions>(new FinanceFlowOptions()),
        new FixedTime(Now),
        NullLogger<StuckRunWatchdog>.Instance);
}
