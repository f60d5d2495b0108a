using Azure.Core.Serialization;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Functions.Http;
using FinanceFlow.Workflows.Intake.Messaging;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Functions;

/// <summary>
/// What only the Functions host adds: the platform's principal and the route policy around every HTTP function, our JSON shape for Durable payloads, and the
/// Service Bus intake relay (no Service Bus trigger extension is served to this app).
/// </summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddFinanceFlowFunctions(this IServiceCollection services)
    {
        services.Configure<WorkerOptions>(worker => worker.Serializer = new JsonObjectSerializer(FinanceFlowJson.Options));
        services.AddSingleton<PlatformPrincipal>();
        services.AddSingleton<ApiFunction>();
        services.AddFinanceFlowServiceBusRelay();
        return services;
    }
}
