using DurableTask.AzureStorage;
using Microsoft.Extensions.Options;

namespace FinanceFlow.SelfHost.Engine;

/// <summary>Builds the Azure Storage orchestration service (the backend Durable Functions uses) from configuration.</summary>
public static class AzureStorageServiceFactory
{
    public static AzureStorageOrchestrationService Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<SelfHostOptions>>().Value;
        var configuration = services.GetRequiredService<IConfiguration>();
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = StorageAccountClientProviderFactory.Create(configuration),
            TaskHubName = options.TaskHubName,
            PartitionCount = options.PartitionCount,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            ExtendedSessionsEnabled = options.ExtendedSessions,
            ExtendedSessionIdleTimeout = options.ExtendedSessionIdleTimeout,
            ControlQueueVisibilityTimeout = options.QueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.QueueVisibilityTimeout,
            // DTFx's defaults are 30 s, 10 s and 10 s; one setting keeps that ratio (renew well before the lease runs out).
            LeaseInterval = options.PartitionLeaseInterval,
            LeaseRenewInterval = options.PartitionLeaseInterval / 3,
            LeaseAcquireInterval = options.PartitionLeaseInterval / 3,
            WorkerId = options.WorkerId ?? $"{Environment.MachineName}-{Environment.ProcessId}",
            // All processes on one hub run the same build; the app lease only serves blue/green swaps.
            UseAppLease = false,
            // Starting an id that is already running must fail loudly, as the Durable Task SDK does.
            ThrowExceptionOnInvalidDedupeStatus = true,
            LoggerFactory = services.GetRequiredService<ILoggerFactory>(),
        };
        return new AzureStorageOrchestrationService(settings);
    }
}
