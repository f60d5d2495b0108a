namespace FinanceFlow.Api.Http;

/// <summary>Who may call a route group. The Functions app enforces it with the trigger's authorization level; roles refine it per group.</summary>
public enum RouteCallers
{
    /// <summary>Anyone who can reach the host (<c>/health</c>).</summary>
    Anyone,

    /// <summary>An expense platform: open at the transport, authenticated by the Standard Webhooks signature of the source's secret.</summary>
    SignedSource,

    /// <summary>Finance operations: in Azure a function key (or platform authentication) is required.</summary>
    FinanceOps,

    /// <summary>Administrators of the Durable runs (terminate, purge, raise event): in Azure the Durable extension's system key.</summary>
    Admin,
}
