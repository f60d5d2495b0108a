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
/// storage answers, and orchestrations keep running: the one in flight and the ones after. When an activity's completion and the
/// abandon after it fail (where DTFx can strand the activity), the abandon is retried and the orchestration completes.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EngineRecoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ListLoggerProvider _logs = new();
    private readonly AzuriteProcess _azurite = new();
    private readonly string _taskHub = "r" + Guid.NewGuid().ToString("N")[..16];
    private readonly Outage _outage = new();
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
            backend => new FailingStorage(backend, _outage));
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

        _outage.FailFetches(1);
        var inFlight = await RunEchoAsync("during");
        await WaitFor.ConditionAsync(() => Task.FromResult(_host.Recoveries == 1 && _host.IsStarted), TimeSpan.FromSeconds(60), "the worker to be replaced");
        var after = await RunEchoAsync("after");

        Assert.Equal("DURING", inFlight.Text);
        Assert.Equal("AFTER", after.Text);
        Assert.Equal(1, _host.Recoveries);
        Assert.NotNull(_host.LastRecovery);
    }

    [Fact]
    public async Task ActivityCompletionAndItsAbandonFail_AbandonRetried_OrchestrationCompletesWithoutReplacingTheWorker()
    {
        // Storage goes away as the activity finishes: its completion fails, and so do the first two tries to abandon it. Without
        // the retry DTFx keeps the activity "active" in memory and refuses its message forever ("processed multiple times").
        _outage.FailActivityCompletions(1);
        _outage.FailActivityAbandons(2);

        var during = await RunEchoAsync("during");

        Assert.Equal("DURING", during.Text);
        Assert.Equal(0, _outage.AbandonsLeft);
        Assert.Equal(0, _host.Recoveries);
    }

    private async Task<Ping> RunEchoAsync(string text)
    {
        var id = await _client.ScheduleNewOrchestrationInstanceAsync(TestWorkflows.Echo, new Ping(text, 1m));
        var done = await _client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return done.ReadOutputAs<Ping>()!;
    }

    /// <summary>How many of the next storage calls of each kind fail as they do while storage is down.</summary>
    private sealed class Outage
    {
        private int _fetches;
        private int _completions;
        private int _abandons;

        public void FailFetches(int count) => Volatile.Write(ref _fetches, count);

        public void FailActivityCompletions(int count) => Volatile.Write(ref _completions, count);

        public void FailActivityAbandons(int count) => Volatile.Write(ref _abandons, count);

        public int AbandonsLeft => Volatile.Read(ref _abandons);

        public bool TakeFetch() => Take(ref _fetches);

        public bool TakeCompletion() => Take(ref _completions);

        public bool TakeAbandon() => Take(ref _abandons);

        private static bool Take(ref int left)
        {
            while (true)
            {
                var current = Volatile.Read(ref left);
                if (current <= 0)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref left, current - 1, current) == current)
                {
                    return true;
                }
            }
        }
    }

    private sealed class FailingStorage(IOrchestrationService inner, Outage outage) : DelegatingOrchestrationService(inner)
    {
        public override Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
            outage.TakeFetch() ? throw Refused() : base.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

        public override Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) =>
            outage.TakeCompletion() ? throw Refused() : base.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);

        public override Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) =>
            outage.TakeAbandon() ? throw Refused() : base.AbandonTaskActivityWorkItemAsync(workItem);

        private static InvalidOperationException Refused() => new("Connection refused (storage is down)");
    }
}
