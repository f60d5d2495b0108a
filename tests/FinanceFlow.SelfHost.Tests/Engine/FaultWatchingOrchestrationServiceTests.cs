using DurableTask.Core;
using FinanceFlow.SelfHost.Engine;
using Moq;

namespace FinanceFlow.SelfHost.Tests.Engine;

public sealed class FaultWatchingOrchestrationServiceTests
{
    [Fact]
    public void Delays_AfterAFailedWorkItem_NoDispatcherWideStall()
    {
        var inner = new Mock<IOrchestrationService>();
        inner.Setup(s => s.GetDelayInSecondsAfterOnProcessException(It.IsAny<Exception>())).Returns(10);
        inner.Setup(s => s.GetDelayInSecondsAfterOnFetchException(It.IsAny<Exception>())).Returns(10);
        var service = new FaultWatchingOrchestrationService(inner.Object);

        // The backend's 10 s would hold every report's next step for 10 s until five steps in a row succeed.
        Assert.Equal(0, service.GetDelayInSecondsAfterOnProcessException(new TimeoutException()));
        Assert.Equal(1, service.GetDelayInSecondsAfterOnFetchException(new TimeoutException()));
    }

    [Fact]
    public async Task LockNextTaskOrchestrationWorkItemAsync_BackendFails_CountsTheFaultAndRethrows()
    {
        var inner = new Mock<IOrchestrationService>();
        inner.Setup(s => s.LockNextTaskOrchestrationWorkItemAsync(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("Connection refused (127.0.0.1:10001)"));
        var service = new FaultWatchingOrchestrationService(inner.Object);

        await Assert.ThrowsAsync<InvalidOperationException>(() => service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(30), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(30), CancellationToken.None));

        Assert.Equal(2, service.Faults);
    }

    [Fact]
    public async Task LockNextTaskOrchestrationWorkItemAsync_ShutdownCancels_NotAFault()
    {
        var inner = new Mock<IOrchestrationService>();
        inner.Setup(s => s.LockNextTaskOrchestrationWorkItemAsync(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new OperationCanceledException());
        var service = new FaultWatchingOrchestrationService(inner.Object);

        await Assert.ThrowsAsync<OperationCanceledException>(() => service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(30), CancellationToken.None));

        Assert.Equal(0, service.Faults);
    }

    [Fact]
    public async Task LockNextTaskOrchestrationWorkItemAsync_WorkItem_PassedThroughUnchanged()
    {
        var workItem = new TaskOrchestrationWorkItem { InstanceId = "expense:canonical:R-1:v1" };
        var inner = new Mock<IOrchestrationService>();
        inner.Setup(s => s.LockNextTaskOrchestrationWorkItemAsync(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>())).ReturnsAsync(workItem);
        var service = new FaultWatchingOrchestrationService(inner.Object);

        Assert.Same(workItem, await service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.Equal(0, service.Faults);
    }

    [Fact]
    public async Task AbandonTaskActivityWorkItemAsync_StorageBackOnTheThirdTry_AbandonsWithoutAFault()
    {
        var workItem = new TaskActivityWorkItem { Id = "msg-1" };
        var inner = new Mock<IOrchestrationService>();
        inner.SetupSequence(s => s.AbandonTaskActivityWorkItemAsync(workItem))
            .ThrowsAsync(new InvalidOperationException("Connection refused (127.0.0.1:10001)"))
            .ThrowsAsync(new InvalidOperationException("Connection refused (127.0.0.1:10001)"))
            .Returns(Task.CompletedTask);
        using var service = new FaultWatchingOrchestrationService(inner.Object, [TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero]);

        await service.AbandonTaskActivityWorkItemAsync(workItem);

        // Abandoned for real: the backend forgot the item and its message comes back with the back-off, so nothing is stranded.
        inner.Verify(s => s.AbandonTaskActivityWorkItemAsync(workItem), Times.Exactly(3));
        Assert.Equal(0, service.Faults);
    }

    [Fact]
    public async Task AbandonTaskActivityWorkItemAsync_StorageAwayThroughEveryRetry_CountsAStrandedItemAndRethrows()
    {
        var workItem = new TaskActivityWorkItem { Id = "msg-1" };
        var inner = new Mock<IOrchestrationService>();
        inner.Setup(s => s.AbandonTaskActivityWorkItemAsync(workItem)).ThrowsAsync(new InvalidOperationException("Connection refused (127.0.0.1:10001)"));
        using var service = new FaultWatchingOrchestrationService(inner.Object, [TimeSpan.Zero, TimeSpan.Zero]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => service.AbandonTaskActivityWorkItemAsync(workItem));

        // The backend still holds the item as active: the host must replace the worker once storage answers.
        inner.Verify(s => s.AbandonTaskActivityWorkItemAsync(workItem), Times.Exactly(3));
        Assert.Equal((1, 1), (service.AbandonFaults, service.Faults));
    }

    [Fact]
    public async Task AbandonTaskActivityWorkItemAsync_WorkerStoppingWhileItRetries_GivesUpWithoutAFault()
    {
        var workItem = new TaskActivityWorkItem { Id = "msg-1" };
        var inner = new Mock<IOrchestrationService>();
        inner.Setup(s => s.AbandonTaskActivityWorkItemAsync(workItem)).ThrowsAsync(new InvalidOperationException("Connection refused (127.0.0.1:10001)"));
        using var service = new FaultWatchingOrchestrationService(inner.Object, [TimeSpan.FromMinutes(10)]);

        var abandoning = service.AbandonTaskActivityWorkItemAsync(workItem);
        await service.StopAsync(isForced: false);
        await abandoning.WaitAsync(TimeSpan.FromSeconds(30));

        // The stopping worker's memory goes with it; a fault here would replace a worker that is going away anyway.
        inner.Verify(s => s.StopAsync(false), Times.Once);
        Assert.Equal(0, service.Faults);
    }
}
