using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FinanceFlow.Api.OpenApi;

/// <summary><c>GET /openapi/v1.json</c>: the OpenAPI document of the API (<see cref="ApiDocument"/>), to anyone, as <c>docs/openapi.json</c> holds it.</summary>
public static class OpenApiEndpoint
{
    public static IEndpointRouteBuilder MapFinanceFlowOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(ApiDocument.Route, () => Results.Text(ApiDocument.Json, "application/json; charset=utf-8"))
            .WithName(ApiRoutes.OpenApiPolicy.RouteName)
            .WithMetadata(ApiRoutes.OpenApiPolicy)
            .AllowAnonymous();
        return app;
    }
}
