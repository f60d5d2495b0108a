using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FinanceFlow.Functions.Http;

/// <summary>Finance ops: what a source document would post, with no side effects. A function key protects it.</summary>
public sealed class PreviewFunctions(PreviewHandler preview)
{
    [Function(nameof(PreviewReport))]
    public async Task<IActionResult> PreviewReport(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/preview/{source}")] HttpRequest request,
        string source,
        CancellationToken cancellationToken) =>
        new ResultActionResult(await preview.PreviewAsync(request, source, cancellationToken));
}
