using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Api.FinanceConsole;

/// <summary>Another answer (a redirect, a 404) with the console's headers.</summary>
internal sealed class ConsoleHeadersResult(IResult inner) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => (inner as IStatusCodeHttpResult)?.StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ConsoleHeaders.Apply(httpContext.Response);
        return inner.ExecuteAsync(httpContext);
    }
}
