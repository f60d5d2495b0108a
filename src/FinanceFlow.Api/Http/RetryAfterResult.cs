using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Api.Http;

/// <summary>An answer with a <c>Retry-After</c> header in whole seconds (at least 1): when a 503's caller may try again.</summary>
public sealed class RetryAfterResult(IResult inner, TimeSpan retryAfter) : IResult
{
    public IResult Inner { get; } = inner;

    /// <summary>The header's value: the wait rounded up to whole seconds, at least 1.</summary>
    public int Seconds { get; } = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.RetryAfter = Seconds.ToString(CultureInfo.InvariantCulture);
        return Inner.ExecuteAsync(httpContext);
    }
}
