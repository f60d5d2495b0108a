using FinanceFlow.Connectors.Erp;

namespace FinanceFlow.Connectors.NetSuite;

/// <summary>The requests of a NetSuite ledger: JSON body, the ledger's time limit per attempt, and marked safe to repeat.</summary>
internal static class NetSuiteRequest
{
    /// <summary>
    /// Every request this connector sends is safe to repeat: reads, SuiteQL queries, and upserts on an external id (the same
    /// record written again). <paramref name="prefer"/> is NetSuite's <c>Prefer</c> header, e.g. <c>transient</c> for SuiteQL.
    /// </summary>
    public static HttpRequestMessage Create(HttpMethod method, string path, byte[]? body, NetSuiteOptions options, string? prefer = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new("application/json");
        }

        if (prefer is not null)
        {
            request.Headers.TryAddWithoutValidation("Prefer", prefer);
        }

        request.Options.Set(ErpResilience.Repeatable, true);
        request.Options.Set(ErpResilience.AttemptTimeout, TimeSpan.FromSeconds(options.TimeoutSeconds));
        return request;
    }
}
