using FinanceFlow.Api;
using FinanceFlow.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FinanceFlow.Functions.Http;

/// <summary>
/// Runs an API endpoint under the policy <see cref="ApiRoutes"/> declares for its route, as the self-host's pipeline does: the caller
/// (the platform's principal) and its role first, then the body; then the endpoint.
/// </summary>
public sealed class ApiFunction(PlatformPrincipal platform)
{
    public async Task<IActionResult> RunAsync(string routeName, HttpRequest request, Func<Task<IResult>> endpoint)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(endpoint);
        var policy = ApiRoutes.PolicyOf(routeName);
        request.HttpContext.User = platform.Read(request);
        var refused = RouteAccess.Refuse(request.HttpContext.User, policy)
            ?? await RoutePolicyGate.AdmitAsync(request.HttpContext, policy, request.HttpContext.RequestAborted);
        return new ResultActionResult(refused ?? await endpoint());
    }
}
