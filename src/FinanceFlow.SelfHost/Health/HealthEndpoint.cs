using FinanceFlow.Api;
using FinanceFlow.SelfHost.Engine;

namespace FinanceFlow.SelfHost.Health;

/// <summary><c>GET /health</c>: 200 once the Durable worker runs, 503 before; run scripts and tests wait on it.</summary>
public static class HealthEndpoint
{
    public const string Route = "/health";

    public static IEndpointRouteBuilder MapSelfHostHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, (DurableTaskFrameworkHost host) => host.IsStarted
            ? Results.Ok(new { status = "ok" })
            : Results.Json(new { status = "starting" }, statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithName(ApiRoutes.HealthPolicy.RouteName)
            .WithMetadata(ApiRoutes.HealthPolicy);
        return app;
    }
}
