using FinanceFlow.Api;
using FinanceFlow.Api.Http;
using FinanceFlow.SelfHost.Engine;
using FinanceFlow.Workflows.Intake;
using Microsoft.AspNetCore.Mvc;

namespace FinanceFlow.SelfHost.Health;

/// <summary>
/// <c>GET /health</c>: 200 once the Durable worker runs and storage answers; 503 <c>starting</c> before the worker runs, 503 <c>degraded</c>
/// with <c>Retry-After</c> while storage does not answer. Every answer names the state of each dependency. Run scripts and tests wait on it.
/// </summary>
public static class HealthEndpoint
{
    public const string Route = "/health";

    public static IEndpointRouteBuilder MapSelfHostHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, AnswerAsync)
            .WithName(ApiRoutes.HealthPolicy.RouteName)
            .WithMetadata(ApiRoutes.HealthPolicy);
        return app;
    }

    /// <param name="storage">Registered with the workflows; an engine-only host (the engine's own tests) reports the engine alone.</param>
    private static async Task<IResult> AnswerAsync(DurableTaskFrameworkHost host, [FromServices] IntakeStorageHealth? storage, CancellationToken cancellationToken)
    {
        // How often the engine replaced its worker after storage faults (docs/architecture.md, "Storage outages").
        var engine = new { recoveries = host.Recoveries, lastRecovery = host.LastRecovery };
        if (storage is null)
        {
            return host.IsStarted
                ? Results.Ok(new { status = "ok", engine })
                : Results.Json(new { status = "starting", engine }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var storageUp = await storage.IsUpAsync(cancellationToken);
        var dependencies = new { storage = storageUp ? "up" : "down" };
        if (!host.IsStarted)
        {
            return Results.Json(new { status = "starting", dependencies, engine }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return storageUp
            ? Results.Ok(new { status = "ok", dependencies, engine })
            : new RetryAfterResult(Results.Json(new { status = "degraded", dependencies, engine }, statusCode: StatusCodes.Status503ServiceUnavailable), storage.RetryAfter);
    }
}
