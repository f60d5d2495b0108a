using DurableTask.AzureStorage;
using DurableTask.AzureStorage.Tracking;
using DurableTask.Core;
using FinanceFlow.SelfHost.Engine;
using FinanceFlow.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Benchmarks.Ceiling;

/// <summary>
/// The engine's ceiling: a bare Durable Task Framework orchestration of three no-op activities (prepare, post, finish: the minimal
/// durable shape of a report) in this process, on its own task hub. The backend is built by the self-host's own
/// <see cref="AzureStorageServiceFactory"/> from the self-host's appsettings.json, so partitions, concurrency, polling interval and
/// extended sessions are the pipeline's, and stay so when they change.
/// </summary>
internal sealed class BareEngineRun : IAsyncDisposable
{
    public const string TaskHub = "ceiling";

    private static readonly string[] Steps = ["prepare", "post", "finish"];

    private readonly ServiceProvider _services;
    private readonly AzureStorageOrchestrationService _backend;
    private readonly TaskHubWorker _worker;
    private readonly TaskHubClient _client;

    public BareEngineRun(string storageConnectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Path.GetDirectoryName(SelfHostProcess.Assembly())!, "appsettings.json"), optional: false)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [StorageAccountClientProviderFactory.SettingName] = storageConnectionString,
                [$"{SelfHostOptions.SectionName}:TaskHubName"] = TaskHub,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOptions<SelfHostOptions>().BindConfiguration(SelfHostOptions.SectionName);
        _services = services.BuildServiceProvider();
        _backend = AzureStorageServiceFactory.Create(_services);
        _worker = new TaskHubWorker(_backend, _services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>())
        {
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        _worker.AddTaskOrchestrations(typeof(ThreeNoOps));
        _worker.AddTaskActivities(Steps.Select(step => (ObjectCreator<TaskActivity>)new NameValueObjectCreator<TaskActivity>(step, string.Empty, new NoOp())).ToArray());
        _client = new TaskHubClient(_backend);
    }

    /// <summary>The engine's settings as built, for the printout.</summary>
    public string Describe()
    {
        var options = _services.GetRequiredService<IOptions<SelfHostOptions>>().Value;
        return $"{options.PartitionCount} partitions, {options.MaxConcurrentOrchestrations} orchestrations and {options.MaxConcurrentActivities} activities "
            + $"in flight, polling interval up to {options.MaxQueuePollingInterval.TotalSeconds:0.###} s, extended sessions {(options.ExtendedSessions ? "on" : "off")}";
    }

    public async Task StartAsync()
    {
        await _backend.CreateIfNotExistsAsync();
        await _worker.StartAsync();
    }

    /// <summary>Starts <paramref name="count"/> instances as fast as <paramref name="inFlight"/> starts at once allow and waits until every one completed.</summary>
    public async Task<PhaseRate> RunAsync(string idPrefix, int count, int inFlight, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ids = Enumerable.Range(1, count).Select(n => $"{idPrefix}{n:0000}").ToList();
        var firstStart = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(
            ids,
            new ParallelOptions { MaxDegreeOfParallelism = inFlight, CancellationToken = cancellationToken },
            async (id, _) => await _client.CreateOrchestrationInstanceAsync(typeof(ThreeNoOps), id, id));

        await WaitFor.ConditionAsync(
            async () => (await QueryAsync(idPrefix, [OrchestrationStatus.Pending, OrchestrationStatus.Running], cancellationToken)).Count == 0,
            timeout,
            $"every bare instance {idPrefix}* to finish");
        var states = await QueryAsync(idPrefix, null, cancellationToken);
        var completed = states.Where(s => s.OrchestrationStatus == OrchestrationStatus.Completed).ToList();
        if (completed.Count != count)
        {
            throw new InvalidOperationException($"{count - completed.Count} of {count} bare instances did not complete: "
                + string.Join(", ", states.Where(s => s.OrchestrationStatus != OrchestrationStatus.Completed).Take(5).Select(s => $"{s.OrchestrationInstance.InstanceId} {s.OrchestrationStatus}")));
        }

        return new PhaseRate(count, firstStart, new DateTimeOffset(completed.Max(s => s.CompletedTime), TimeSpan.Zero));
    }

    public async ValueTask DisposeAsync()
    {
        // Stopped before the pipeline runs: its polling would otherwise share Azurite with the pipeline's.
        await _worker.StopAsync(isForced: true);
        _worker.Dispose();
        _backend.Dispose();
        await _services.DisposeAsync();
    }

    /// <summary>Every instance of the prefix in <paramref name="statuses"/> (null: any), page after page.</summary>
    private async Task<List<OrchestrationState>> QueryAsync(string idPrefix, OrchestrationStatus[]? statuses, CancellationToken cancellationToken)
    {
        var condition = new OrchestrationInstanceStatusQueryCondition { InstanceIdPrefix = idPrefix, RuntimeStatus = statuses };
        var states = new List<OrchestrationState>();
        string? continuation = null;
        do
        {
            var page = await _backend.GetOrchestrationStateAsync(condition, 1000, continuation, cancellationToken);
            states.AddRange(page.OrchestrationState);
            continuation = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(continuation));
        return states;
    }

    /// <summary>prepare, post, finish, one after the other, as a report's run would.</summary>
    private sealed class ThreeNoOps : TaskOrchestration<string, string>
    {
        public override async Task<string> RunTask(OrchestrationContext context, string input)
        {
            var value = input;
            foreach (var step in Steps)
            {
                value = await context.ScheduleTask<string>(step, string.Empty, value);
            }

            return value;
        }
    }

    private sealed class NoOp : TaskActivity<string, string>
    {
        protected override string Execute(TaskContext context, string input) => input;
    }
}
