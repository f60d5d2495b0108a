using System.Diagnostics;
using System.Text.Json;
using FinanceFlow.Core.Serialization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace FinanceFlow.SelfHost.Tests;

public sealed class DtfxDurableTaskClientTests(EngineFixture engine, ITestOutputHelper output) : IClassFixture<EngineFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private DurableTaskClient Client => engine.Client;

    [Fact]
    public async Task Schedule_RecordInput_RoundTripsThroughActivityWithoutDoubleEncoding()
    {
        var input = new Ping("héllo \"quoted\" €", 12.34m);

        var id = await Client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.Echo, input);
        var done = await WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(JsonSerializer.Serialize(input, FinanceFlowJson.Options), done.SerializedInput);
        Assert.Equal(input, done.ReadInputAs<Ping>());
        Assert.Equal(new Ping("HÉLLO \"QUOTED\" €", 24.68m), done.ReadOutputAs<Ping>());
    }

    [Fact]
    public async Task Schedule_StringInput_ComesBackAsTheSameString()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.EchoText, "plain text");
        var done = await WaitAsync(id);

        Assert.Equal("\"plain text\"", done.SerializedInput);
        Assert.Equal("\"plain text\"", done.SerializedOutput);
        Assert.Equal("plain text", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Schedule_FanOutOrchestration_CompletesWithEveryActivityResult()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.FanOut, 10);
        var done = await WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(110m, done.ReadOutputAs<decimal>());
    }

    [Fact]
    public async Task Schedule_SameIdWhileRunning_Throws_AndAfterCompletionStartsAgain()
    {
        var id = "report-" + Guid.NewGuid().ToString("N");
        await Client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.AwaitApproval, new Ping("a", 1m), new StartOrchestrationOptions { InstanceId = id });
        var first = await Client.WaitForInstanceStartAsync(id);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.AwaitApproval, new Ping("b", 2m), new StartOrchestrationOptions { InstanceId = id }));

        await Client.RaiseEventAsync(id, TestWorkflows.ApprovalEvent, new Ping("ok", 5m));
        var completed = await WaitAsync(id);
        Assert.Equal(new Ping("a+ok", 6m), completed.ReadOutputAs<Ping>());

        await Client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.AwaitApproval, new Ping("c", 3m), new StartOrchestrationOptions { InstanceId = id });
        var second = await Client.WaitForInstanceStartAsync(id, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Running, second.RuntimeStatus);
        Assert.Equal(new Ping("c", 3m), second.ReadInputAs<Ping>());
        Assert.True(second.CreatedAt > first.CreatedAt);
        await Client.TerminateInstanceAsync(id, "cleanup");
    }

    [Fact]
    public async Task Terminate_RunningInstance_EndsTerminatedWithReasonAsOutput()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.AwaitApproval, new Ping("t", 1m));
        await Client.WaitForInstanceStartAsync(id);

        await Client.TerminateInstanceAsync(id, "operator stopped it");
        var done = await WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("operator stopped it", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Purge_CompletedInstance_RemovesIt()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.EchoText, "gone soon");
        await WaitAsync(id);

        var purged = await Client.PurgeInstanceAsync(id);

        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await Client.GetInstanceAsync(id));
        Assert.Equal(0, (await Client.PurgeInstanceAsync(id)).PurgedInstanceCount);
    }

    [Fact]
    public async Task Fail_OrchestratorThrows_FailedWithFailureDetails()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.Fail, "R-1");
        var done = await WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.NotNull(done.FailureDetails);
        Assert.Equal("System.InvalidOperationException", done.FailureDetails!.ErrorType);
        Assert.Equal("Report R-1 broke the rules.", done.FailureDetails.ErrorMessage);
    }

    [Fact]
    public async Task SuspendResume_RunningInstance_PausesEventsUntilResumed()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.AwaitApproval, new Ping("s", 1m));
        await Client.WaitForInstanceStartAsync(id);

        await Client.SuspendInstanceAsync(id, "hold");
        await FinanceFlow.Testing.WaitFor.ConditionAsync(
            async () => (await Client.GetInstanceAsync(id))?.RuntimeStatus == OrchestrationRuntimeStatus.Suspended, Timeout, "suspension");
        await Client.RaiseEventAsync(id, TestWorkflows.ApprovalEvent, new Ping("x", 1m));
        await Client.ResumeInstanceAsync(id, "go");
        var done = await WaitAsync(id);

        Assert.Equal(new Ping("s+x", 2m), done.ReadOutputAs<Ping>());
    }

    [Fact]
    public async Task GetAllInstances_ByPrefix_ListsStartedInstances()
    {
        var prefix = "list-" + Guid.NewGuid().ToString("N")[..8] + "-";
        foreach (var n in Enumerable.Range(1, 3))
        {
            await Client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.EchoText, "x", new StartOrchestrationOptions { InstanceId = prefix + n });
        }

        var found = new List<string>();
        await foreach (var instance in Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix }))
        {
            found.Add(instance.InstanceId);
        }

        Assert.Equal([prefix + 1, prefix + 2, prefix + 3], found.Order());
    }

    [Fact]
    public async Task Throughput_HundredFanOutOrchestrations_AllComplete()
    {
        // Warm up: partitions are leased a moment after the worker starts.
        await WaitAsync(await Client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.FanOut, 1));
        var watch = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.FanOut, 3)));
        var scheduled = watch.Elapsed;
        var results = await Task.WhenAll(ids.Select(id => WaitAsync(id)));
        watch.Stop();

        Assert.All(results, r => Assert.Equal(12m, r.ReadOutputAs<decimal>()));
        output.WriteLine($"100 orchestrations x 3 activities: scheduled in {scheduled.TotalSeconds:0.0} s, all completed in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task<OrchestrationMetadata> WaitAsync(string id)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }
}
