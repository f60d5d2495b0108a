namespace FinanceFlow.Api.Http;

/// <summary>
/// One route: its name (the Functions function's too), method, pattern under its group (never empty), the role a caller needs (in a
/// <see cref="RouteCallers.RoleHolder"/> group), the body it takes and the endpoint that answers it.
/// </summary>
/// <param name="Endpoint">A minimal-API delegate; its services and route values are bound by the host.</param>
public sealed record ApiRoute(string Name, string Method, string Pattern, string? Role, BodyPolicy Body, Delegate Endpoint);

/// <summary>A feature's routes under one prefix (empty for routes at the root), and who may call them.</summary>
public sealed record ApiRouteGroup(string Prefix, RouteCallers Callers, IReadOnlyList<ApiRoute> Routes)
{
    /// <summary>The full route template of <paramref name="route"/> below <paramref name="root"/>, without a leading slash.</summary>
    public string TemplateOf(string root, ApiRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return string.Join('/', new[] { root.Trim('/'), Prefix.Trim('/'), route.Pattern.Trim('/') }.Where(p => p.Length > 0));
    }
}
