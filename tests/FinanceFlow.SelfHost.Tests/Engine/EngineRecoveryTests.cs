using DurableTask.AzureStorage;
using DurableTask.Core;
using FinanceFlow.SelfHost.Engine;
using FinanceFlow.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace FinanceFlow.SelfHost.Tests.Engine;

/// <summary>
/// When fetching an orchestration work item fails (where DTFx can lose track of a session), the engine replaces its worker once
/// storage answers, and orchestrations keep running: the one in flight and the ones after.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EngineRecoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ListLoggerProvider _logs = new();
    private readonly AzuriteProcess _azurite = new();
    private readonly string _taskHub = "r" + Guid.NewGuid().ToString("N")[..16];
    private readonly FailOnce _failure = new();
    private DurableTaskFrameworkHost _host = null!;
    private AzureStorageOrchestrationService _clientBackend = null!;
    private DtfxDurableTaskClient _client = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageAccountClientProviderFactory.SettingName] = _azurite.ConnectionString,
            [$"{SelfHostOptions.SectionName}:{nameof(SelfHostOptions.TaskHubName)}"] = _taskHub,
            [$"{SelfHostOptions.SectionName}:{nameof(SelfHostOptions.MaxQueuePollingInterval)}"] = "00:00:00.250",
            [$"{SelfHostOptions.SectionName}:{nameof(SelfHostOptions.RecoveryCheckInterval)}"] = "00:00:00.200",
            [$"{SelfHostOptions.SectionName}:{nameof(SelfHostOptions.RecoveryCooldown)}"] = "00:00:00",
            [$"{SelfHostOptions.SectionName}:{nameof(SelfHostOptions.QueueVisibilityTimeout)}"] = "00:00:20",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddOptions()
            .Configure<SelfHostOptions>(configuration.GetSection(SelfHostOptions.SectionName))
            .BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<SelfHostOptions>>();
        _clientBackend = AzureStorageServiceFactory.Create(services);
        _client = new DtfxDurableTaskClient(_clientBackend, DurableJson.Converter, _taskHub);
        _host = new DurableTaskFrameworkHost(
            () => AzureStorageServiceFactory.Create(services),
            TestWorkflows.Catalog,
            services,
            options,
            TimeProvider.System,
            LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Information).AddFilter("DurableTask.Core", LogLevel.Warning)),
            backend => new FailingFetch(backend, _failure));
        await _host.StartAsync(CancellationToken.None);
        await WaitFor.ConditionAsync(() => Task.FromResult(_host.IsStarted), TimeSpan.FromSeconds(60), "the worker to start");
    }

    public async Task DisposeAsync()
    {
        output.WriteLine(string.Join('\n', _logs.Messages.Select(m => m.Length > 400 ? m[..400] : m)));
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
        _clientBackend.Dispose();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task FetchFails_WorkerReplacedOnce_OrchestrationsInFlightAndAfterComplete()
    {
        Assert.Equal("HELLO", (await RunEchoAsync("hello")).Text);
        Assert.Equal(0, _host.Recoveries);

        _failure.Arm();
        var inFlight = await RunEchoAsync("during");
        await WaitFor.ConditionAsync(() => Task.FromResult(_host.Recoveries == 1 && _host.IsStarted), TimeSpan.FromSeconds(60), "the worker to be replaced");
        var after = await RunEchoAsync("after");

        Assert.Equal("DURING", inFlight.Text);
        Assert.Equal("AFTER", after.Text);
        Assert.Equal(1, _host.Recoveries);
        Assert.NotNull(_host.LastRecovery);
    }

    private async Task<Ping> RunEchoAsync(string text)
    {
        var id = await _client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.Echo, new Ping(text, 1m));
        var done = await _client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return done.ReadOutputAs<Ping>()!;
    }

    /// <summary>Armed, the next orchestration fetch fails as a storage call does during an outage.</summary>
    private sealed class FailOnce
    {
        private int _armed;

        public void Arm() => Volatile.Write(ref _armed, 1);

        public bool Take() => Interlocked.Exchange(ref _armed, 0) == 1;
    }

    private sealed class FailingFetch(IOrchestrationService inner, FailOnce failure) : IOrchestrationService
    {
        public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

        public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

        public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

        public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

        public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

        public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
            failure.Take()
                ? throw new InvalidOperationException("Connection refused (storage is down)")
                : inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

        public Task StartAsync() => inner.StartAsync();

        public Task StopAsync() => inner.StopAsync();

        public Task StopAsync(bool isForced) => inner.StopAsync(isForced);

        public Task CreateAsync() => inner.CreateAsync();

        public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

        public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

        public Task DeleteAsync() => inner.DeleteAsync();

        public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

        public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

        public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

        public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

        public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

        public Task CompleteTaskOrchestrationWorkItemAsync(
            TaskOrchestrationWorkItem workItem,
            OrchestrationRuntimeState newOrchestrationRuntimeState,
            IList<TaskMessage> outboundMessages,
            IList<TaskMessage> orchestratorMessages,
            IList<TaskMessage> timerMessages,
            TaskMessage continuedAsNewMessage,
            OrchestrationState orchestrationState) =>
            inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

        public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

        public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

        public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) => inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);

        public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

        public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) => inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);

        public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => inner.AbandonTaskActivityWorkItemAsync(workItem);
    }
}
