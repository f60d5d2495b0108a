using FinanceFlow.Api.Http;
using FinanceFlow.Api.Preview;
using FinanceFlow.Workflows.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FinanceFlow.Functions.Http;

/// <summary>Finance ops: what a source document would post, with no side effects. A function key protects it.</summary>
public sealed class PreviewFunctions(ApiFunction api, PostingPreview preview)
{
    [Function(RouteNames.PreviewReport)]
    public Task<IActionResult> PreviewReport(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/preview/{source}")] HttpRequest request,
        string source,
        CancellationToken cancellationToken) =>
        api.RunAsync(RouteNames.PreviewReport, request, () => PreviewEndpoints.PreviewAsync(request, source, preview, cancellationToken));
}
