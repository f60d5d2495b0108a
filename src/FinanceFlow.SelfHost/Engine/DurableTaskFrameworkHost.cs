using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.Extensions.Options;

namespace FinanceFlow.SelfHost.Engine;

/// <summary>
/// Creates the task hub if missing, then runs a DTFx <see cref="TaskHubWorker"/> with the catalog until shutdown, and replaces the
/// worker when the backend lost track of its own work during a storage outage (see <see cref="FaultWatchingOrchestrationService"/>).
/// </summary>
/// <param name="intercept">Wraps each backend before the fault watch does; tests put failures between the two. Null in the hosts.</param>
public sealed class DurableTaskFrameworkHost(
    Func<AzureStorageOrchestrationService> createBackend,
    SelfHostCatalog catalog,
    IServiceProvider rootProvider,
    IOptions<SelfHostOptions> options,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    Func<IOrchestrationService, IOrchestrationService>? intercept = null) : IHostedService, IDisposable
{
    private static readonly TimeSpan StartRetryDelay = TimeSpan.FromSeconds(2);

    // A replaced worker first gets this long to finish its work items and hand back its partitions.
    private static readonly TimeSpan ReplaceGrace = TimeSpan.FromSeconds(15);

    // Work items a replaced worker still runs finish on its backend; it is disposed once they surely have.
    private static readonly TimeSpan RetiredWorkerGrace = TimeSpan.FromMinutes(5);

    private readonly ILogger _logger = loggerFactory.CreateLogger<DurableTaskFrameworkHost>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Generation> _retired = [];
    private Generation? _current;
    private Task _running = Task.CompletedTask;
    private int _recoveries;

    /// <summary>True while a worker is processing the hub's queues.</summary>
    public bool IsStarted { get; private set; }

    /// <summary>How many times the worker was replaced after storage faults since the process started.</summary>
    public int Recoveries => Volatile.Read(ref _recoveries);

    /// <summary>When the worker was last replaced, if ever.</summary>
    public DateTimeOffset? LastRecovery { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Start in the background: HTTP comes up at once and /health answers 503 until storage is reachable.
        _running = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await _running.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Start or recovery was abandoned because the host is stopping.
        }

        if (_current is { } current)
        {
            _logger.LogInformation("Stopping Durable Task worker for hub {TaskHub}", options.Value.TaskHubName);

            // Not forced: in-flight work items finish and are checkpointed, the rest stays in the queues.
            await StopWorkerAsync(current, isForced: false);
            IsStarted = false;
        }
    }

    public void Dispose()
    {
        _current?.Dispose();
        lock (_retired)
        {
            _retired.ForEach(g => g.Dispose());
            _retired.Clear();
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var settings = options.Value;
        while (!stopping.IsCancellationRequested)
        {
            var generation = await StartWorkerAsync(stopping);
            _current = generation;
            IsStarted = true;
            var lastFaults = await WaitForLostWorkAsync(generation, settings, stopping);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            // Storage answers again, but the worker may hold orchestration sessions it will never process: start a fresh one.
            _logger.LogWarning(
                "Storage is reachable again after {Faults} faults that can strand work in memory; replacing the Durable Task worker on hub {TaskHub} so that every orchestration in flight resumes",
                lastFaults,
                settings.TaskHubName);
            IsStarted = false;
            _current = null;
            await ReplaceAsync(generation);
            Interlocked.Increment(ref _recoveries);
            LastRecovery = time.GetUtcNow();
        }
    }

    /// <summary>Returns once the worker's backend failed to fetch work and storage answers again (or the host stops).</summary>
    private async Task<long> WaitForLostWorkAsync(Generation generation, SelfHostOptions settings, CancellationToken stopping)
    {
        var startedAt = time.GetUtcNow();
        try
        {
            while (true)
            {
                await Task.Delay(settings.RecoveryCheckInterval, time, stopping);
                var faults = generation.Backend.Faults;
                if (faults == 0 || time.GetUtcNow() - startedAt < settings.RecoveryCooldown)
                {
                    continue;
                }

                if (await StorageAnswersAsync(generation, stopping))
                {
                    return faults;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return 0;
        }
    }

    private async Task<bool> StorageAnswersAsync(Generation generation, CancellationToken stopping)
    {
        try
        {
            // One point read of the Instances table: cheap, and it needs the same account the worker uses.
            await generation.Storage.GetOrchestrationStateAsync("financeflow-engine-probe", allExecutions: false).WaitAsync(stopping);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogDebug(ex, "Storage does not answer yet");
            return false;
        }
    }

    private async Task<Generation> StartWorkerAsync(CancellationToken stopping)
    {
        while (true)
        {
            stopping.ThrowIfCancellationRequested();
            var storage = createBackend();
            var backend = new FaultWatchingOrchestrationService(intercept?.Invoke(storage) ?? storage);
            var worker = new TaskHubWorker(backend, loggerFactory)
            {
                // The SDK shims expect failure details rather than serialized exceptions.
                ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
            };
            try
            {
                await storage.CreateIfNotExistsAsync();
                TaskHubRegistration.Register(worker, catalog, rootProvider, TaskHubRegistration.CreateShimFactory(loggerFactory));
                stopping.ThrowIfCancellationRequested();
                await worker.StartAsync();
                _logger.LogInformation(
                    "Durable Task worker started on hub {TaskHub} with {Orchestrations} orchestrations and {Activities} activities",
                    options.Value.TaskHubName,
                    catalog.Orchestrators.Count,
                    catalog.Activities.Count);
                return new Generation(storage, backend, worker);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                worker.Dispose();
                storage.Dispose();
                _logger.LogError(ex, "Durable Task worker could not start; retrying in {Delay}", StartRetryDelay);
                await Task.Delay(StartRetryDelay, time, stopping);
            }
        }
    }

    /// <summary>
    /// Stops a worker that is being replaced: gracefully, so work items in progress are checkpointed; if a lost session keeps it
    /// from handing back its partitions within <see cref="ReplaceGrace"/>, its backend drops its sessions. Their messages
    /// reappear in the queues after <see cref="SelfHostOptions.QueueVisibilityTimeout"/>, for the next worker.
    /// </summary>
    private async Task ReplaceAsync(Generation generation)
    {
        var graceful = StopWorkerAsync(generation, isForced: false);
        if (await Task.WhenAny(graceful, Task.Delay(ReplaceGrace, time)) != graceful)
        {
            _logger.LogWarning("The replaced Durable Task worker did not let go of its partitions within {Grace}; dropping its sessions", ReplaceGrace);
            await generation.Storage.StopAsync(isForced: true);
            await graceful;
        }

        Retire(generation);
    }

    private async Task StopWorkerAsync(Generation generation, bool isForced)
    {
        try
        {
            await generation.Worker.StopAsync(isForced);
        }
        catch (ObjectDisposedException ex)
        {
            // Seen when the host disposes the worker while a graceful stop is still draining (its shutdown
            // timeout passed). Nothing is lost: unfinished work items reappear in the queues after the visibility timeout.
            _logger.LogWarning(ex, "Durable Task worker was disposed while stopping");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Storage may fail again while the old worker lets go of its partitions; its leases then lapse on their own.
            _logger.LogWarning(ex, "Durable Task worker did not stop cleanly");
        }
    }

    private void Retire(Generation generation)
    {
        lock (_retired)
        {
            _retired.Add(generation);
        }

        _ = Task.Delay(RetiredWorkerGrace, time, CancellationToken.None).ContinueWith(
            _ =>
            {
                lock (_retired)
                {
                    if (_retired.Remove(generation))
                    {
                        generation.Dispose();
                    }
                }
            },
            TaskScheduler.Default);
    }

    /// <summary>One worker and the backend instance it alone uses.</summary>
    private sealed record Generation(AzureStorageOrchestrationService Storage, FaultWatchingOrchestrationService Backend, TaskHubWorker Worker) : IDisposable
    {
        public void Dispose()
        {
            Worker.Dispose();
            Backend.Dispose();
            Storage.Dispose();
        }
    }
}
