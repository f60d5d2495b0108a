using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Api.Http;

/// <summary>The self-host's gate: every endpoint under <c>/api/v1</c> and the Durable routes carries its <see cref="RoutePolicy"/> as metadata.</summary>
internal sealed class RoutePolicyFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var policy = http.GetEndpoint()?.Metadata.GetMetadata<RoutePolicy>()
            ?? throw new InvalidOperationException($"{http.Request.Method} {http.Request.Path} has no declared route policy; declare it in ApiRoutes.");
        return await RoutePolicyGate.AdmitAsync(http, policy, http.RequestAborted) ?? await next(context);
    }
}
