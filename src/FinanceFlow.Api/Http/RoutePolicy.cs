namespace FinanceFlow.Api.Http;

/// <summary>A route's declared policy: who may call it and what body it takes. Endpoint metadata in the self-host, looked up by name in the Functions app.</summary>
public sealed record RoutePolicy(string RouteName, RouteCallers Callers, BodyPolicy Body);
