using System.Text;
using FinanceFlow.Api.Http;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Api.Tests.Http;

/// <summary>The one gate both hosts run before an endpoint: the route's body limit and content types, whatever the client claims.</summary>
public sealed class RoutePolicyGateTests
{
    private static readonly RoutePolicy Payment = ApiRoutes.PolicyOf(RouteNames.PayReport);

    [Fact]
    public async Task AdmitAsync_BodyWithinLimit_KeepsTheBytesForTheEndpoint()
    {
        var context = Context("""{"amount":1}""", "application/json; charset=utf-8");

        var refused = await RoutePolicyGate.AdmitAsync(context, Payment, CancellationToken.None);

        Assert.Null(refused);
        Assert.Equal("""{"amount":1}""", Encoding.UTF8.GetString(RequestBody.Of(context.Request)));
    }

    [Fact]
    public async Task AdmitAsync_ChunkedBodyOverTheLimitWithoutContentLength_Answers413WithoutReadingItAll()
    {
        var context = Context(new string('x', 3 * 1024 * 1024), "application/json", announceLength: false);

        var (status, body) = await RefusedAsync(context, Payment);

        Assert.Equal(413, status);
        Assert.Contains("1048576 bytes (1 MiB)", body, StringComparison.Ordinal);
        Assert.True(context.Request.Body.Position <= 1024 * 1024 + 81920, "the gate read past the limit");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task AdmitAsync_WrongOrMissingContentType_Answers415NamingTheAcceptedOnes(string? contentType)
    {
        var (status, body) = await RefusedAsync(Context("{}", contentType), Payment);

        Assert.Equal(415, status);
        Assert.Contains("Send application/json", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdmitAsync_VendorJsonMediaType_IsJson()
    {
        Assert.Null(await RoutePolicyGate.AdmitAsync(Context("{}", "application/cloudevents+json"), Payment, CancellationToken.None));
    }

    [Fact]
    public async Task AdmitAsync_BodyOnARouteThatTakesNone_Answers413()
    {
        var (status, body) = await RefusedAsync(Context("{}", "application/json"), ApiRoutes.PolicyOf(RouteNames.RetryReport));

        Assert.Equal(413, status);
        Assert.Contains("takes no request body", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdmitAsync_NoBodyOnARouteThatTakesNone_IsAdmittedWhateverTheContentType()
    {
        var context = Context(string.Empty, "text/plain");

        Assert.Null(await RoutePolicyGate.AdmitAsync(context, ApiRoutes.PolicyOf(RouteNames.RunReconciliation), CancellationToken.None));
        Assert.Empty(RequestBody.Of(context.Request));
    }

    [Fact]
    public async Task AdmitAsync_OptionalBody_MayBeEmptyButNotOfAnotherType()
    {
        var raiseEvent = ApiRoutes.PolicyOf(RouteNames.RaiseInstanceEvent);

        Assert.Null(await RoutePolicyGate.AdmitAsync(Context(string.Empty, null), raiseEvent, CancellationToken.None));
        Assert.Equal(415, (await RefusedAsync(Context("yes", "text/plain"), raiseEvent)).Status);
    }

    [Fact]
    public async Task AdmitAsync_MasterDataImport_TakesCsvUpTo20MiB()
    {
        var import = ApiRoutes.PolicyOf(RouteNames.PutMasterData);
        var oversized = Context("code\n", "text/csv");
        oversized.Request.ContentLength = 20L * 1024 * 1024 + 1;

        Assert.Null(await RoutePolicyGate.AdmitAsync(Context("code\nP-1\n", "text/csv"), import, CancellationToken.None));
        var (status, body) = await RefusedAsync(oversized, import);
        Assert.Equal(413, status);
        Assert.Contains("split it, e.g. with mode=merge", body, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestBody_ReadBeforeTheGate_Throws()
    {
        var context = Context("{}", "application/json");

        Assert.Throws<InvalidOperationException>(() => RequestBody.Of(context.Request));
    }

    [Fact]
    public void EveryRoute_DeclaresItsBodyPolicy_AndOnlyWritesTakeABody()
    {
        var routes = ApiRoutes.Groups.Append(ApiRoutes.DurableManagement).SelectMany(g => g.Routes).ToList();

        Assert.All(routes.Where(r => r.Method is "GET" or "DELETE"), r => Assert.False(r.Body.TakesBody, $"{r.Name} takes a body"));
        Assert.All(routes.Where(r => r.Body.TakesBody), r => Assert.NotEmpty(r.Body.MediaTypes));
        Assert.Equal(routes.Count, routes.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count());
    }

    private static async Task<(int Status, string Body)> RefusedAsync(HttpContext context, RoutePolicy policy)
    {
        var refused = await RoutePolicyGate.AdmitAsync(context, policy, CancellationToken.None);
        Assert.NotNull(refused);
        context.RequestServices = HttpTestContext.Request("").HttpContext.RequestServices;
        context.Response.Body = new MemoryStream();
        await refused.ExecuteAsync(context);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        return (context.Response.StatusCode, Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    private static DefaultHttpContext Context(string body, string? contentType, bool announceLength = true)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(bytes);
        if (announceLength)
        {
            context.Request.ContentLength = bytes.Length;
        }
        else
        {
            context.Request.Headers.TransferEncoding = "chunked";
        }

        return context;
    }
}
