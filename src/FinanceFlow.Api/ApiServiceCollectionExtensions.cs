using FinanceFlow.Api.Http;
using FinanceFlow.Api.Intake;
using FinanceFlow.Core.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Api;

/// <summary>Registers the HTTP layer: problem details, one authorization policy per role, webhook authentication. The endpoints are static; their use cases come from the Workflows registration.</summary>
public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddFinanceFlowApi(this IServiceCollection services)
    {
        services.AddProblemDetails();

        // One policy per role, named like the role; routes require them in ApiRoutes. Failures answer problem details.
        var authorization = services.AddAuthorizationBuilder();
        foreach (var role in FinanceFlowRoles.All.Concat(FinanceFlowRoles.Combined))
        {
            authorization.AddPolicy(role, policy => policy.RequireAuthenticatedUser().RequireRole(FinanceFlowRoles.AnyOf(role)));
        }

        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddScoped<WebhookAuthentication>();
        return services;
    }
}
