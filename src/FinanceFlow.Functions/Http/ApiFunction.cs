using FinanceFlow.Api;
using FinanceFlow.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FinanceFlow.Functions.Http;

/// <summary>Runs an API endpoint under the policy <see cref="ApiRoutes"/> declares for its route, as the self-host's route filter does.</summary>
public static class ApiFunction
{
    public static async Task<IActionResult> RunAsync(string routeName, HttpRequest request, Func<Task<IResult>> endpoint)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(endpoint);
        var refused = await RoutePolicyGate.AdmitAsync(request.HttpContext, ApiRoutes.PolicyOf(routeName), request.HttpContext.RequestAborted);
        return new ResultActionResult(refused ?? await endpoint());
    }
}
