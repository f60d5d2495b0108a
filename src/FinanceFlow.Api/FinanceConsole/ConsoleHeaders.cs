using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Api.FinanceConsole;

/// <summary>The headers of every console answer, files, redirects and 404s alike.</summary>
public static class ConsoleHeaders
{
    /// <summary>
    /// Only this host's own files and API: no inline script or style, no third party, no plugins, not framed, forms only back here.
    /// The receipts' download links (storage SAS URLs) are navigations, which <c>default-src</c> does not govern.
    /// </summary>
    public const string ContentSecurityPolicy = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    /// <summary>Revalidated on every use (a cheap 304 with the ETag): the files carry no version in their names, so a deployment shows at once.</summary>
    public const string CacheControl = "no-cache";

    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = CacheControl;
    }
}
