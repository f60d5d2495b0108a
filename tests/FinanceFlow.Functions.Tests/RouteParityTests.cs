using System.Reflection;
using System.Text;
using System.Text.Json;
using FinanceFlow.Api;
using FinanceFlow.Api.Http;
using FinanceFlow.Core.Security;
using FinanceFlow.Functions.Http;
using FinanceFlow.SelfHost;
using FinanceFlow.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Moq;

namespace FinanceFlow.Functions.Tests;

/// <summary>Both hosts serve the routes of one table, each with the policy the table declares for it.</summary>
public sealed class RouteParityTests
{
    /// <summary>Routes the Durable Functions extension serves by itself in the Functions host (its HTTP API).</summary>
    private static readonly string[] DurableExtensionRoutes =
    [
        "GET runtime/webhooks/durabletask/instances",
        "GET runtime/webhooks/durabletask/instances/{instanceId}",
        "POST runtime/webhooks/durabletask/instances/{instanceId}/raiseEvent/{eventName}",
        "POST runtime/webhooks/durabletask/instances/{instanceId}/terminate",
        "DELETE runtime/webhooks/durabletask/instances/{instanceId}",
    ];

    [Fact]
    public void SelfHost_ServesEveryFunctionsRoute_AndNothingTheFunctionsAppLacks()
    {
        var functions = HttpFunctions()
            .Select(f => $"{f.Method} api/{f.Route}")
            .Concat(DurableExtensionRoutes)
            .ToHashSet(StringComparer.Ordinal);

        // /health and the OpenAPI document are the self-host's own; the console is at /console/ there and under the api prefix in the Functions app.
        var console = $"{ApiRoutes.ConsoleRoute.Method} {ApiRoutes.ConsoleRoute.Pattern}";
        var selfHost = SelfHostEndpoints().Select(e => e.Route).Where(r => r is not ("GET health" or "GET openapi/v1.json")).ToHashSet(StringComparer.Ordinal);

        Assert.True(functions.Remove($"{ApiRoutes.ConsoleRoute.Method} api/{ApiRoutes.ConsoleRoute.Pattern}"), "the Functions app does not serve the console");
        Assert.True(selfHost.Remove(console), "the self-host does not serve the console");
        Assert.Equal([], functions.Where(r => !r.StartsWith("GET runtime", StringComparison.Ordinal) && !selfHost.Contains(r)).ToList());
        Assert.Equal([], selfHost.Where(r => !functions.Contains(r)).ToList());
        Assert.Contains("POST api/v1/webhooks/{source}", selfHost);
        Assert.Contains("GET runtime/webhooks/durabletask/instances/{instanceId}", selfHost);
    }

    [Fact]
    public void EveryHttpFunction_IsARouteOfTheTable_WithItsNameMethodTemplateAndCallers()
    {
        var table = ApiRoutes.Groups
            .SelectMany(g => g.Routes.Select(r => $"{r.Name} {r.Method} {g.TemplateOf("v1", r)} {AuthLevelFor(g.Callers)}"))
            .Append($"{ApiRoutes.ConsoleRoute.Name} {ApiRoutes.ConsoleRoute.Method} {ApiRoutes.ConsoleRoute.Pattern} {AuthLevelFor(ApiRoutes.ConsolePolicy.Callers)}")
            .Order(StringComparer.Ordinal);

        var functions = HttpFunctions().Select(f => $"{f.Name} {f.Method} {f.Route} {f.AuthLevel}").Order(StringComparer.Ordinal);

        Assert.Equal(table, functions);
    }

    [Fact]
    public void EverySelfHostEndpoint_DeclaresItsPolicy()
    {
        var endpoints = SelfHostEndpoints().ToList();

        Assert.Equal([], endpoints.Where(e => e.Policy is null).Select(e => e.Route).ToList());
        Assert.All(endpoints, e => Assert.Equal(ApiRoutes.PolicyOf(e.Name!), e.Policy));
        Assert.Equal(FinanceFlowRoles.Admin, endpoints.Single(e => e.Route == "DELETE runtime/webhooks/durabletask/instances/{instanceId}").Policy!.Role);
        Assert.All(endpoints.Where(e => e.Policy!.Callers == RouteCallers.RoleHolder), e => Assert.Contains(e.Policy!.Role, FinanceFlowRoles.All.Concat(FinanceFlowRoles.Combined)));
        Assert.All(endpoints.Where(e => e.Policy!.Callers != RouteCallers.RoleHolder), e => Assert.Null(e.Policy!.Role));
        Assert.Equal(RouteCallers.Anyone, endpoints.Single(e => e.Route == "GET health").Policy!.Callers);
        Assert.Equal(RouteCallers.Anyone, endpoints.Single(e => e.Route == "GET openapi/v1.json").Policy!.Callers);
        Assert.Equal(ApiRoutes.ConsolePolicy, endpoints.Single(e => e.Route == "GET console/{*path}").Policy);
        Assert.Equal((RouteCallers.Anyone, 0L), (ApiRoutes.ConsolePolicy.Callers, ApiRoutes.ConsolePolicy.Body.MaxBytes));
    }

    [Fact]
    public async Task EveryHttpFunction_RefusesABodyOverItsRoutesLimit_BeforeItsEndpointRuns()
    {
        foreach (var (name, policy, invoke) in HttpFunctionInvokers())
        {
            var request = Request(new string(' ', (int)policy.Body.MaxBytes + 1), PlatformPrincipalWithEveryRole());

            // No use case behind the function: an endpoint that ran would throw, so a 413 can only come from the route's policy.
            var result = await invoke(request);

            Assert.True(result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status413PayloadTooLarge }, $"{name} did not answer 413 to a body over {policy.Body.MaxBytes} bytes");
        }
    }

    [Fact]
    public async Task EveryHttpFunctionThatNeedsARole_RefusesACallerWithoutOneWith401_AndOneWithoutItsRoleWith403()
    {
        foreach (var (name, policy, invoke) in HttpFunctionInvokers().Where(f => f.Policy.Callers == RouteCallers.RoleHolder))
        {
            var anonymous = await invoke(Request("{}", principal: null));
            var otherRoles = await invoke(Request("{}", PlatformPrincipalWith([.. FinanceFlowRoles.All.Where(r => !FinanceFlowRoles.AnyOf(policy.Role!).Contains(r))])));

            Assert.True(anonymous is IStatusCodeHttpResult { StatusCode: StatusCodes.Status401Unauthorized }, $"{name} did not answer 401 without a principal");
            Assert.True(otherRoles is IStatusCodeHttpResult { StatusCode: StatusCodes.Status403Forbidden }, $"{name} did not answer 403 without {policy.Role}");
        }
    }

    /// <summary>Every HTTP function, callable with a request: its class built around a real <see cref="ApiFunction"/> (platform authentication on) and no use cases.</summary>
    private static IEnumerable<(string Name, RoutePolicy Policy, Func<HttpRequest, Task<IResult>> Invoke)> HttpFunctionInvokers()
    {
        var api = new ApiFunction(new PlatformPrincipal(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [PlatformPrincipal.EnabledSetting] = "True" }).Build()));
        var methods = typeof(ApiFunction).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null))
            .ToList();
        // Every route of the table, and the console.
        Assert.Equal(ApiRoutes.Groups.Sum(g => g.Routes.Count) + 1, methods.Count);
        foreach (var method in methods)
        {
            var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
            var constructor = method.DeclaringType!.GetConstructors().Single();
            var instance = constructor.Invoke([.. constructor.GetParameters().Select(p => p.ParameterType == typeof(ApiFunction) ? api : null)]);
            yield return (name, ApiRoutes.PolicyOf(name), async request =>
            {
                var args = method.GetParameters().Select(p => p.ParameterType == typeof(HttpRequest) ? request
                    : p.ParameterType == typeof(string) ? "x"
                    : p.ParameterType == typeof(DurableTaskClient) ? new Mock<DurableTaskClient>("test").Object
                    : p.ParameterType == typeof(CancellationToken) ? (object)CancellationToken.None
                    : throw new InvalidOperationException($"{name}: unexpected parameter {p.ParameterType}")).ToArray();
                return ((ResultActionResult)await (Task<IActionResult>)method.Invoke(instance, args)!).Result;
            }
            );
        }
    }

    private static HttpRequest Request(string body, string? principal)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = HttpMethods.Post;
        request.ContentType = "application/json";
        request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        if (principal is not null)
        {
            request.Headers[PlatformPrincipal.Header] = principal;
        }

        return request;
    }

    private static string PlatformPrincipalWithEveryRole() => PlatformPrincipalWith([.. FinanceFlowRoles.All]);

    private static string PlatformPrincipalWith(string[] roles) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new
        {
            auth_typ = "aad",
            claims = new[] { new { typ = "preferred_username", val = "ops@example.com" } }.Concat(roles.Select(r => new { typ = "roles", val = r })).ToArray(),
        }));

    private static string AuthLevelFor(RouteCallers callers) => callers switch
    {
        RouteCallers.Anyone or RouteCallers.SignedSource => "Anonymous",
        _ => "Function",
    };

    private static IEnumerable<(string Name, string Method, string Route, string AuthLevel)> HttpFunctions() =>
        FunctionsMetadata.Load()
            .Select(f => (Name: f.GetProperty("name").GetString()!, Trigger: FunctionsMetadata.Trigger(f)))
            .Where(f => f.Trigger.GetProperty("type").GetString() == "httpTrigger")
            .SelectMany(f => f.Trigger.GetProperty("methods").EnumerateArray().Select(m => (
                f.Name,
                m.GetString()!.ToUpperInvariant(),
                f.Trigger.GetProperty("route").GetString()!,
                f.Trigger.GetProperty("authLevel").GetString()!)));

    private static IEnumerable<(string Route, string? Name, RoutePolicy? Policy)> SelfHostEndpoints()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        builder.Services.AddFinanceFlowWorkflows(builder.Configuration);
        builder.Services.AddFinanceFlowApi();
        builder.Services.AddFinanceFlowSelfHost(builder.Configuration);
        var app = builder.Build();
        app.MapFinanceFlow();

        return ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(m => ($"{m} {e.RoutePattern.RawText!.TrimStart('/')}", e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName, e.Metadata.GetMetadata<RoutePolicy>())))
            .ToList();
    }
}
