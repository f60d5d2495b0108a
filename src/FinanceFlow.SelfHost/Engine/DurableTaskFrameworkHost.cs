using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.Extensions.Options;

namespace FinanceFlow.SelfHost.Engine;

/// <summary>Creates the task hub if missing, then runs a DTFx <see cref="TaskHubWorker"/> with the catalog until shutdown.</summary>
public sealed class DurableTaskFrameworkHost(
    AzureStorageOrchestrationService service,
    SelfHostCatalog catalog,
    IServiceProvider rootProvider,
    IOptions<SelfHostOptions> options,
    ILoggerFactory loggerFactory) : IHostedService, IDisposable
{
    private static readonly TimeSpan StartRetryDelay = TimeSpan.FromSeconds(2);

    private readonly ILogger _logger = loggerFactory.CreateLogger<DurableTaskFrameworkHost>();
    private readonly CancellationTokenSource _stopping = new();
    private TaskHubWorker? _worker;
    private Task _starting = Task.CompletedTask;

    /// <summary>True once the worker is processing the hub's queues.</summary>
    public bool IsStarted { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Start in the background: HTTP comes up at once and /health answers 503 until storage is reachable.
        _starting = Task.Run(() => StartWorkerAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await _starting.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Start was abandoned because the host is stopping.
        }

        if (_worker is not null)
        {
            _logger.LogInformation("Stopping Durable Task worker for hub {TaskHub}", options.Value.TaskHubName);
            try
            {
                // Not forced: in-flight work items finish and are checkpointed, the rest stays in the queues.
                await _worker.StopAsync(isForced: false);
            }
            catch (ObjectDisposedException ex)
            {
                // Seen when the host disposes the worker while a graceful stop is still draining (its shutdown
                // timeout passed). Nothing is lost: unfinished work items reappear in the queues after the visibility timeout.
                _logger.LogWarning(ex, "Durable Task worker was disposed while stopping");
            }

            IsStarted = false;
        }
    }

    public void Dispose()
    {
        _worker?.Dispose();
        _stopping.Dispose();
    }

    private async Task StartWorkerAsync(CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                await service.CreateIfNotExistsAsync();
                var worker = new TaskHubWorker(service, loggerFactory)
                {
                    // The SDK shims expect failure details rather than serialized exceptions.
                    ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
                };
                TaskHubRegistration.Register(worker, catalog, rootProvider, TaskHubRegistration.CreateShimFactory(loggerFactory));
                stopping.ThrowIfCancellationRequested();
                await worker.StartAsync();
                _worker = worker;
                IsStarted = true;
                _logger.LogInformation(
                    "Durable Task worker started on hub {TaskHub} with {Orchestrations} orchestrations and {Activities} activities",
                    options.Value.TaskHubName,
                    catalog.Orchestrators.Count,
                    catalog.Activities.Count);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogError(ex, "Durable Task worker could not start; retrying in {Delay}", StartRetryDelay);
                await Task.Delay(StartRetryDelay, stopping);
            }
        }
    }
}
