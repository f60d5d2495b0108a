namespace FinanceFlow.Api.Http;

/// <summary>A route's declared policy: who may call it (and with which role) and what body it takes. Endpoint metadata in the self-host, looked up by name in the Functions app.</summary>
/// <param name="Role">The role a caller needs when <paramref name="Callers"/> is <see cref="RouteCallers.RoleHolder"/>; null otherwise.</param>
public sealed record RoutePolicy(string RouteName, RouteCallers Callers, string? Role, BodyPolicy Body);
