using System.Text;
using System.Text.Json;
using FinanceFlow.Api.Http;
using FinanceFlow.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Api.Tests;

/// <summary>An HTTP request as a host hands it to a handler, and the answer as a client reads it.</summary>
internal static class HttpTestContext
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();

    /// <summary>A request from <paramref name="caller"/>, a validated principal holding every role (the host's authentication has run).</summary>
    public static HttpRequest Request(string body, string contentType = "application/json", IDictionary<string, string>? headers = null, string caller = TestIdentity.OperatorName)
    {
        var context = new DefaultHttpContext { RequestServices = Services, User = TestIdentity.Principal(caller) };
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Method = "POST";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1", 7071);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.ContentType = contentType;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    /// <summary>The request through the policy <see cref="ApiRoutes"/> declares for <paramref name="routeName"/> (caller's role, body), then the endpoint, as both hosts run it.</summary>
    public static async Task<(int Status, string? ContentType, JsonElement Body)> RunAsync(string routeName, HttpRequest request, Func<Task<IResult>> endpoint)
    {
        var policy = ApiRoutes.PolicyOf(routeName);
        var refused = RouteAccess.Refuse(request.HttpContext.User, policy)
            ?? await RoutePolicyGate.AdmitAsync(request.HttpContext, policy, CancellationToken.None);
        return await ExecuteAsync(refused ?? await endpoint(), request);
    }

    public static async Task<(int Status, string? ContentType, JsonElement Body)> ExecuteAsync(IResult result, HttpRequest request)
    {
        var context = request.HttpContext;
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        using var document = await JsonDocument.ParseAsync(context.Response.Body);
        return (context.Response.StatusCode, context.Response.ContentType, document.RootElement.Clone());
    }
}
