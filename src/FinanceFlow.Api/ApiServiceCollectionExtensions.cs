using FinanceFlow.Api.Http;
using FinanceFlow.Api.Intake;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FinanceFlow.Api;

/// <summary>Registers the HTTP layer: problem details, webhook authentication and the self-host's management URLs (the Functions app replaces them with the extension's). The endpoints are static; their use cases come from the Workflows registration.</summary>
public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddFinanceFlowApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.TryAddSingleton<IManagementUrlFactory, RequestManagementUrlFactory>();
        services.AddScoped<WebhookAuthentication>();
        return services;
    }
}
