using FinanceFlow.Api.Http;
using FinanceFlow.Workflows.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FinanceFlow.Api.Preview;

/// <summary>What a source document would post, with no side effects, so finance ops can check mappings before they go live.</summary>
public static class PreviewEndpoints
{
    /// <summary><c>POST /api/v1/preview/{source}</c>.</summary>
    public static async Task<IResult> PreviewAsync(
        HttpRequest request, string source, [FromServices] PostingPreview preview, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preview);
        return (await preview.PreviewAsync(source, RequestBody.Of(request), cancellationToken)).ToResult();
    }
}
