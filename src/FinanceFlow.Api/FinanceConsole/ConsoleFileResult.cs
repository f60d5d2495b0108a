using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace FinanceFlow.Api.FinanceConsole;

/// <summary>One console file: 200 with its bytes, or 304 when the client's <c>If-None-Match</c> names its ETag; the console's headers on both.</summary>
internal sealed class ConsoleFileResult(ConsoleFile file) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        ConsoleHeaders.Apply(response);
        response.Headers.ETag = file.ETag;
        if (httpContext.Request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } tags
            && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(new EntityTagHeaderValue(file.ETag), useStrongComparison: false)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = file.ContentType;
        response.ContentLength = file.Content.Length;
        await response.Body.WriteAsync(file.Content, httpContext.RequestAborted);
    }
}
