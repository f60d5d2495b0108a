using DurableTask.AzureStorage;
using DurableTask.Core;
using FinanceFlow.Core.Configuration;
using FinanceFlow.SelfHost.Engine;
using FinanceFlow.SelfHost.Schedules;
using FinanceFlow.Workflows.Catalog;
using FinanceFlow.Workflows.Intake.Messaging;
using FinanceFlow.Workflows.Schedules;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FinanceFlow.SelfHost;

/// <summary>Registers the self-host's Durable engine (DTFx on Azure Storage), its SDK client and the message intake listeners.</summary>
public static class SelfHostServiceCollectionExtensions
{
    /// <summary>The engine with FinanceFlow's workflow catalog.</summary>
    public static IServiceCollection AddFinanceFlowSelfHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDurableTaskFrameworkEngine(
            configuration,
            new SelfHostCatalog(
                [.. WorkflowCatalog.Orchestrators, .. ScheduleCatalog.Orchestrators],
                [.. WorkflowCatalog.Activities, .. ScheduleCatalog.Activities]));

        // Waits for the engine to run, then starts the schedule orchestrations once.
        services.AddHostedService<ScheduleStarter>();

        // Beside the engine rather than on it: it must notice when the engine itself stops moving.
        services.AddHostedService<WatchdogService>();

        // Message intake (Service Bus, Storage Queue), each off until enabled; they wait for the engine like the schedule does.
        services.AddSingleton<IIntakeReadiness, EngineReadiness>();
        services.AddFinanceFlowIntakeListeners();
        return services;
    }

    /// <summary>The engine with any catalog; tests register their own small workflows through this.</summary>
    public static IServiceCollection AddDurableTaskFrameworkEngine(this IServiceCollection services, IConfiguration configuration, SelfHostCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SelfHostOptions>()
            .BindConfiguration(SelfHostOptions.SectionName)
            .ValidateSettings(SelfHostOptions.SectionName);

        services.TryAddSingleton(catalog);
        services.TryAddSingleton(AzureStorageServiceFactory.Create);
        services.TryAddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        services.TryAddSingleton<DurableTaskClient>(sp => new DtfxDurableTaskClient(
            sp.GetRequiredService<IOrchestrationServiceClient>(),
            DurableJson.Converter,
            sp.GetRequiredService<IOptions<SelfHostOptions>>().Value.TaskHubName));
        services.TryAddSingleton(TimeProvider.System);

        // The worker gets backend instances of its own (the client's singleton above stays): after a storage outage it may need a fresh one.
        services.TryAddSingleton(sp => new DurableTaskFrameworkHost(
            () => AzureStorageServiceFactory.Create(sp),
            sp.GetRequiredService<SelfHostCatalog>(),
            sp,
            sp.GetRequiredService<IOptions<SelfHostOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService(sp => sp.GetRequiredService<DurableTaskFrameworkHost>());
        return services;
    }
}
