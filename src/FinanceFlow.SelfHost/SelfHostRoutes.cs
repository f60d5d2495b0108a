using FinanceFlow.Api;
using FinanceFlow.SelfHost.Health;

namespace FinanceFlow.SelfHost;

/// <summary>The self-host's HTTP surface: the API both hosts share, the Durable management routes the Functions extension serves in Azure, and <c>/health</c>.</summary>
public static class SelfHostRoutes
{
    public static IEndpointRouteBuilder MapFinanceFlow(this IEndpointRouteBuilder app)
    {
        app.MapFinanceFlowApi();
        app.MapDurableManagement();
        app.MapSelfHostHealth();
        return app;
    }
}
