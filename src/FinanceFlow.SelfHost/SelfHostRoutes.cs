using FinanceFlow.Api;
using FinanceFlow.Api.FinanceConsole;
using FinanceFlow.Api.OpenApi;
using FinanceFlow.SelfHost.Health;

namespace FinanceFlow.SelfHost;

/// <summary>The self-host's HTTP surface: the API both hosts share, the Durable management routes the Functions extension serves in Azure, <c>/health</c>, the OpenAPI document and the finance console at <c>/console/</c>.</summary>
public static class SelfHostRoutes
{
    public static IEndpointRouteBuilder MapFinanceFlow(this IEndpointRouteBuilder app)
    {
        app.MapFinanceFlowApi();
        app.MapDurableManagement();
        app.MapSelfHostHealth();
        app.MapFinanceFlowOpenApi();
        app.MapFinanceConsole();
        return app;
    }
}
