using System.Text;
using FinanceFlow.Api.FinanceConsole;
using FinanceFlow.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Functions.Tests;

/// <summary>The finance console as the Functions app serves it at <c>/api/console/</c>: the self-host's files, by the same handler, to anyone.</summary>
public sealed class ConsoleFunctionTests
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();

    /// <summary>Platform authentication on, as infra/ deploys it; the console needs no principal.</summary>
    private readonly ConsoleFunctions _functions = new(new ApiFunction(new PlatformPrincipal(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { [PlatformPrincipal.EnabledSetting] = "True" }).Build())));

    [Theory]
    [InlineData("/api/console/", null, "text/html; charset=utf-8", "<title>FinanceFlow console</title>")]
    [InlineData("/api/console/console.css", "console.css", "text/css; charset=utf-8", ":focus-visible")]
    [InlineData("/api/console/js/app.js", "js/app.js", "text/javascript; charset=utf-8", "import { setUpSignIn }")]
    [InlineData("/api/console/icon.svg", "icon.svg", "image/svg+xml", "<svg")]
    public async Task ServeConsole_AFileWithoutAnyCaller_AnswersItWithItsContentTypeAndTheSecurityHeaders(string url, string? path, string contentType, string content)
    {
        var request = Get(url);

        var response = await ExecuteAsync(await _functions.ServeConsole(request, path), request);

        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        Assert.Equal(contentType, response.ContentType);
        Assert.Contains(content, await BodyAsync(response), StringComparison.Ordinal);
        Assert.Equal("default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'", response.Headers.ContentSecurityPolicy);
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions);
        Assert.Equal("no-cache", response.Headers.CacheControl);
        Assert.Equal(ConsoleFiles.Find(path ?? ConsoleFiles.IndexName)!.ETag, response.Headers.ETag);
    }

    [Fact]
    public async Task ServeConsole_TheETagItGave_Answers304WithoutTheFile()
    {
        var etag = ConsoleFiles.Find("js/app.js")!.ETag;
        var request = Get("/api/console/js/app.js");
        request.Headers.IfNoneMatch = etag;

        var response = await ExecuteAsync(await _functions.ServeConsole(request, "js/app.js"), request);

        Assert.Equal(StatusCodes.Status304NotModified, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag);
        Assert.Equal(0, response.Body.Length);
    }

    [Fact]
    public async Task ServeConsole_WithoutTheTrailingSlash_RedirectsBelowTheApiPrefix()
    {
        var request = Get("/api/console");

        var response = await ExecuteAsync(await _functions.ServeConsole(request, null), request);

        Assert.Equal(StatusCodes.Status301MovedPermanently, response.StatusCode);
        Assert.Equal("/api/console/", response.Headers.Location);
        Assert.NotEmpty(response.Headers.ContentSecurityPolicy.ToString());
    }

    [Theory]
    [InlineData("nothing.js")]
    [InlineData("INDEX.HTML")]
    [InlineData("../host.json")]
    [InlineData("js/../index.html")]
    [InlineData("./index.html")]
    [InlineData("..\\host.json")]
    [InlineData("%2e%2e/host.json")]
    [InlineData("js//app.js")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/Windows/win.ini")]
    public async Task ServeConsole_AnUnknownOrTraversingPath_Answers404ProblemWithTheSecurityHeaders(string path)
    {
        var request = Get("/api/console/" + path);

        var response = await ExecuteAsync(await _functions.ServeConsole(request, path), request);

        Assert.Equal(StatusCodes.Status404NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Contains("console-file-not-found", await BodyAsync(response), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions);
        Assert.NotEmpty(response.Headers.ContentSecurityPolicy.ToString());
    }

    [Fact]
    public async Task ServeConsole_AGetWithABody_Answers413BeforeServing()
    {
        var request = Get("/api/console/");
        request.ContentType = "application/json";
        request.Body = new MemoryStream(Encoding.UTF8.GetBytes("{}"));
        request.ContentLength = 2;

        var response = await ExecuteAsync(await _functions.ServeConsole(request, null), request);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, response.StatusCode);
    }

    private static HttpRequest Get(string url)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = "GET";
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("ff.azurewebsites.net");
        context.Request.Path = url;
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    private static async Task<HttpResponse> ExecuteAsync(IActionResult result, HttpRequest request)
    {
        var context = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        context.Response.Body.Position = 0;
        return context.Response;
    }

    private static async Task<string> BodyAsync(HttpResponse response)
    {
        response.Body.Position = 0;
        using var reader = new StreamReader(response.Body, leaveOpen: true);
        return await reader.ReadToEndAsync();
    }
}
