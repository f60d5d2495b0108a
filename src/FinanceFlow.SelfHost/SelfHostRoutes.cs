using FinanceFlow.Api;
using FinanceFlow.Api.OpenApi;
using FinanceFlow.SelfHost.Health;

namespace FinanceFlow.SelfHost;

/// <summary>The self-host's HTTP surface: the API both hosts share, the Durable management routes the Functions extension serves in Azure, <c>/health</c> and the OpenAPI document.</summary>
public static class SelfHostRoutes
{
    public static IEndpointRouteBuilder MapFinanceFlow(this IEndpointRouteBuilder app)
    {
        app.MapFinanceFlowApi();
        app.MapDurableManagement();
        app.MapSelfHostHealth();
        app.MapFinanceFlowOpenApi();
        return app;
    }
}
