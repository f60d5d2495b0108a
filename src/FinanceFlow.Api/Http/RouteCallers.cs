namespace FinanceFlow.Api.Http;

/// <summary>Who may call the routes of a group.</summary>
public enum RouteCallers
{
    /// <summary>Anyone who can reach the host (<c>/health</c>, the OpenAPI document, the finance console's files).</summary>
    Anyone,

    /// <summary>An expense platform: open at the transport, authenticated by the Standard Webhooks signature of the source's secret.</summary>
    SignedSource,

    /// <summary>
    /// A signed-in principal holding the route's role (<see cref="Core.Security.FinanceFlowRoles"/>): a bearer token in the self-host,
    /// the platform's authenticated principal in Azure (plus a function key there).
    /// </summary>
    RoleHolder,
}
