using Azure.Core.Serialization;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Functions.Http;
using FinanceFlow.Workflows.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Functions;

/// <summary>What only the Functions host adds: the Durable extension's management URLs and our JSON shape for Durable payloads.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddFinanceFlowFunctions(this IServiceCollection services)
    {
        services.Configure<WorkerOptions>(worker => worker.Serializer = new JsonObjectSerializer(FinanceFlowJson.Options));
        services.AddSingleton<IManagementUrlFactory, FunctionsManagementUrlFactory>();
        return services;
    }
}
