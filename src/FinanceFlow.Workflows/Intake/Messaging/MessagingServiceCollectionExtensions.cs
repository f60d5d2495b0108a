using FinanceFlow.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FinanceFlow.Workflows.Intake.Messaging;

/// <summary>Registers the message intake: the handler (both hosts) and the queue listeners (hosts with a Durable client in DI).</summary>
public static class MessagingServiceCollectionExtensions
{
    /// <summary>The transport-independent handler and the poison-queue writer; <see cref="ServiceCollectionExtensions.AddFinanceFlowWorkflows"/> calls this.</summary>
    public static IServiceCollection AddFinanceFlowIntakeHandler(this IServiceCollection services)
    {
        services.AddOptions<StorageQueueIntakeOptions>()
            .BindConfiguration(StorageQueueIntakeOptions.SectionName)
            .ValidateSettings(StorageQueueIntakeOptions.SectionName);
        services.AddScoped<IIntakeMessageHandler, IntakeMessageHandler>();
        services.AddSingleton<PoisonQueueWriter>();
        return services;
    }

    /// <summary>
    /// A host with a Durable client in DI (the self-host): the Service Bus processor starting runs itself, and the Storage Queue
    /// listener, each on when its <c>Enabled</c> setting is.
    /// </summary>
    public static IServiceCollection AddFinanceFlowIntakeListeners(this IServiceCollection services)
    {
        services.AddSingleton<IIntakeDispatch, StartRunDispatch>();
        services.AddServiceBusIntake();
        services.AddHostedService<QueueIntakeListener>();
        return services;
    }

    /// <summary>
    /// The Functions host: the Service Bus processor (on when <c>FinanceFlow:Messaging:ServiceBus:Enabled</c>) validates, keeps and
    /// dead-letters as the self-host does, and relays valid messages to the Storage Queue intake its queue trigger reads.
    /// </summary>
    public static IServiceCollection AddFinanceFlowServiceBusRelay(this IServiceCollection services)
    {
        services.AddSingleton<IIntakeRelay, StorageQueueIntakeRelay>();
        services.AddSingleton<IIntakeDispatch, RelayDispatch>();
        services.AddServiceBusIntake();
        return services;
    }

    private static void AddServiceBusIntake(this IServiceCollection services)
    {
        services.AddOptions<ServiceBusIntakeOptions>()
            .BindConfiguration(ServiceBusIntakeOptions.SectionName)
            .ValidateSettings(ServiceBusIntakeOptions.SectionName);
        services.TryAddSingleton<IIntakeReadiness, AlwaysReady>();
        services.AddHostedService<ServiceBusIntakeProcessor>();
    }
}
