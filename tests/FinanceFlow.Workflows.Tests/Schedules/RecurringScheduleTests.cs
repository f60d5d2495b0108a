using FinanceFlow.Workflows.Schedules;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FinanceFlow.Workflows.Tests.Schedules;

public sealed class RecurringScheduleTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 1, 30, 0, DateTimeKind.Utc);
    private readonly Mock<TaskOrchestrationContext> _context = new();

    public RecurringScheduleTests()
    {
        _context.SetupGet(c => c.CurrentUtcDateTime).Returns(Now);
        _context.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(NullLogger.Instance);
        _context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task RunAsync_MasterDataSchedule_WaitsForTheNextOccurrenceThenSyncsAndContinues()
    {
        SetupActivity(Task.FromResult("legal-entities masterdata-file: 1 added, 0 changed, 0 deactivated"));

        var summary = await MasterDataSyncSchedule.RunAsync(_context.Object, new PullScheduleInput("0 0 2 * * *"));

        Assert.StartsWith("legal-entities", summary, StringComparison.Ordinal);
        _context.Verify(c => c.CreateTimer(new DateTime(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc), It.IsAny<CancellationToken>()), Times.Once);
        _context.Verify(c => c.ContinueAsNew(new PullScheduleInput("0 0 2 * * *", false), It.IsAny<bool>()), Times.Once);
    }

    [Fact]
    public async Task RunAsync_StartupRunWithoutSchedule_SyncsAtOnceAndCompletes()
    {
        SetupActivity(Task.FromResult("nothing to sync"));

        await MasterDataSyncSchedule.RunAsync(_context.Object, new PullScheduleInput(null, RunNow: true));

        _context.Verify(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()), Times.Never);
        _context.Verify(c => c.CallActivityAsync<string>(It.Is<TaskName>(n => n.Name == nameof(ScheduleActivities.SyncMasterData)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Once);
        _context.Verify(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>()), Times.Never);
    }

    [Fact]
    public async Task RunAsync_FailedRun_KeepsTheScheduleGoing()
    {
        SetupActivity(Task.FromException<string>(new TaskFailedException(
            nameof(ScheduleActivities.SyncMasterData), 1, new TaskFailureDetails("RequestFailedException", "storage is down", null, null, null))));

        var summary = await MasterDataSyncSchedule.RunAsync(_context.Object, new PullScheduleInput("0 0 2 * * *", RunNow: true));

        Assert.Equal("failed: storage is down", summary);
        _context.Verify(c => c.ContinueAsNew(new PullScheduleInput("0 0 2 * * *", false), It.IsAny<bool>()), Times.Once);
    }

    private void SetupActivity(Task<string> result) =>
        _context.Setup(c => c.CallActivityAsync<string>(It.Is<TaskName>(n => n.Name == nameof(ScheduleActivities.SyncMasterData)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(result);
}
