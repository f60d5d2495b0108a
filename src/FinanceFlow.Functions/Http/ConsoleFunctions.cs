using FinanceFlow.Api;
using FinanceFlow.Api.FinanceConsole;
using FinanceFlow.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FinanceFlow.Functions.Http;

/// <summary>
/// The finance console at <c>/api/console/</c> (host.json's <c>api</c> route prefix): the files the self-host serves at <c>/console/</c>, by the
/// same handler. Anonymous, and without a function key, because the page holds no data: what it shows comes from the <c>/api/v1</c> routes,
/// called with the signed-in caller's identity (<see cref="ApiRoutes.ConsoleRoute"/>).
/// </summary>
public sealed class ConsoleFunctions(ApiFunction api)
{
    [Function(RouteNames.ServeConsole)]
    public Task<IActionResult> ServeConsole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ConsoleEndpoint.Template)] HttpRequest request,
        string? path) =>
        api.RunAsync(RouteNames.ServeConsole, request, () => Task.FromResult(ConsoleEndpoint.Serve(request, path)));
}
