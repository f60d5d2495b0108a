using FinanceFlow.SelfHost;
using FinanceFlow.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Functions.Tests;

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
        var functions = FunctionsMetadata.Load()
            .Select(f => FunctionsMetadata.Trigger(f))
            .Where(t => t.GetProperty("type").GetString() == "httpTrigger")
            .SelectMany(t => t.GetProperty("methods").EnumerateArray().Select(m => $"{m.GetString()!.ToUpperInvariant()} api/{t.GetProperty("route").GetString()}"))
            .Concat(DurableExtensionRoutes)
            .ToHashSet(StringComparer.Ordinal);

        var selfHost = SelfHostRoutesList().Where(r => r != "GET health").ToHashSet(StringComparer.Ordinal);

        Assert.Equal([], functions.Where(r => !r.StartsWith("GET runtime", StringComparison.Ordinal) && !selfHost.Contains(r)).ToList());
        Assert.Equal([], selfHost.Where(r => !functions.Contains(r)).ToList());
        Assert.Contains("POST api/v1/webhooks/{source}", selfHost);
        Assert.Contains("GET runtime/webhooks/durabletask/instances/{instanceId}", selfHost);
    }

    private static IEnumerable<string> SelfHostRoutesList()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        builder.Services.AddFinanceFlowWorkflows(builder.Configuration);
        builder.Services.AddFinanceFlowSelfHost(builder.Configuration);
        var app = builder.Build();
        app.MapFinanceFlow();

        return ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(m => $"{m} {e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToList();
    }
}
