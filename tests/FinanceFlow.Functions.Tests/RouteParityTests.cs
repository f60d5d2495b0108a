using System.Reflection;
using System.Text;
using FinanceFlow.Api;
using FinanceFlow.Api.Http;
using FinanceFlow.Functions.Http;
using FinanceFlow.SelfHost;
using FinanceFlow.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Moq;

namespace FinanceFlow.Functions.Tests;

/// <summary>Both hosts serve the routes of one table, each with the policy the table declares for it.</summary>
public sealed class RouteParityTests
{
    /// <summary>Routes the Durable Functions extension serves by itself in the Functions host (its HTTP API).</summary>
    private static readonly string[] DurableExtensionRoutes =
    [
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

        var selfHost = SelfHostEndpoints().Select(e => e.Route).Where(r => r != "GET health").ToHashSet(StringComparer.Ordinal);

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
        Assert.Equal(RouteCallers.Admin, endpoints.Single(e => e.Route == "DELETE runtime/webhooks/durabletask/instances/{instanceId}").Policy!.Callers);
        Assert.Equal(RouteCallers.Anyone, endpoints.Single(e => e.Route == "GET health").Policy!.Callers);
    }

    [Fact]
    public async Task EveryHttpFunction_RefusesABodyOverItsRoutesLimit_BeforeItsEndpointRuns()
    {
        var functions = typeof(ApiFunction).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null))
            .ToList();
        Assert.Equal(ApiRoutes.Groups.Sum(g => g.Routes.Count), functions.Count);

        foreach (var method in functions)
        {
            var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
            var policy = ApiRoutes.PolicyOf(name);
            var request = new DefaultHttpContext().Request;
            var body = Encoding.UTF8.GetBytes(new string(' ', (int)policy.Body.MaxBytes + 1));
            request.Method = HttpMethods.Post;
            request.ContentType = "application/json";
            request.Body = new MemoryStream(body);

            // No services: an endpoint that ran would throw, so a 413 can only come from the route's policy.
            var instance = method.IsStatic ? null : Uninitialized(method.DeclaringType!);
            var args = method.GetParameters().Select(p => p.ParameterType == typeof(HttpRequest) ? request
                : p.ParameterType == typeof(string) ? "x"
                : p.ParameterType == typeof(DurableTaskClient) ? new Mock<DurableTaskClient>("test").Object
                : p.ParameterType == typeof(CancellationToken) ? (object)CancellationToken.None
                : throw new InvalidOperationException($"{name}: unexpected parameter {p.ParameterType}")).ToArray();
            var result = (ResultActionResult)await (Task<IActionResult>)method.Invoke(instance, args)!;

            Assert.True(result.Result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status413PayloadTooLarge }, $"{name} did not answer 413 to a body over {policy.Body.MaxBytes} bytes");
        }
    }

    private static object Uninitialized(Type type) =>
        System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type);

    private static string AuthLevelFor(RouteCallers callers) => callers switch
    {
        RouteCallers.Anyone or RouteCallers.SignedSource => "Anonymous",
        RouteCallers.FinanceOps => "Function",
        _ => "Admin",
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
