using System.Net;
using System.Net.Http.Headers;
using FinanceFlow.Api.FinanceConsole;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FinanceFlow.SelfHost.Tests;

/// <summary>The finance console on the real self-host at <c>/console/</c>: its files to anyone, with their content types and the console's headers; nothing else.</summary>
public sealed class ConsoleRouteTests(SelfHostOnAzurite host) : IClassFixture<SelfHostOnAzurite>
{
    private const string Csp = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    private readonly WebApplicationFactory<Program> _factory = host.Factory;

    [Theory]
    [InlineData("/console/", "text/html", "<title>FinanceFlow console</title>")]
    [InlineData("/console/console.css", "text/css", ":focus-visible")]
    [InlineData("/console/js/app.js", "text/javascript", "import { setUpSignIn }")]
    [InlineData("/console/js/views/story-actions.js", "text/javascript", "/resolution")]
    [InlineData("/console/icon.svg", "image/svg+xml", "<svg")]
    public async Task Get_AConsoleFileWithoutAToken_ServesItWithItsContentTypeAndTheSecurityHeaders(string path, string mediaType, string content)
    {
        using var http = _factory.CreateClient();

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(content, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(Csp, Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task Get_WithTheETagItGave_Answers304()
    {
        using var http = _factory.CreateClient();
        using var first = await http.GetAsync("/console/js/app.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/console/js/app.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var response = await http.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(first.Headers.ETag, response.Headers.ETag);
    }

    [Fact]
    public async Task Get_ConsoleWithoutTheSlash_RedirectsToTheFolderSoRelativeLinksResolve()
    {
        using var http = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await http.GetAsync("/console");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/console/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/console/nothing.js")]
    [InlineData("/console/INDEX.HTML")]
    [InlineData("/console/js/")]
    [InlineData("/console/..%2Fappsettings.json")]
    [InlineData("/console/js/..%5C..%5Cappsettings.json")]
    public async Task Get_AnUnknownOrEncodedTraversingPath_Answers404(string path)
    {
        using var http = _factory.CreateClient();

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(Csp, Header(response, "Content-Security-Policy"));
    }

    [Theory]
    [InlineData("/console/../appsettings.json")]
    [InlineData("/console/js/../../FinanceFlow.SelfHost.dll")]
    [InlineData("/console/./index.html")]
    [InlineData("/console/%2e%2e/appsettings.json")]
    public async Task Get_ADotSegmentPathAsSentRaw_Answers404(string path)
    {
        // HttpClient would remove the dot segments before sending: the test server takes the path as it is.
        var context = await _factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = path;
        });

        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
        Assert.Equal(Csp, context.Response.Headers.ContentSecurityPolicy.ToString());
    }

    [Fact]
    public async Task Get_EveryFileTheConsoleHas_IsServed()
    {
        using var http = _factory.CreateClient();

        foreach (var name in ConsoleFiles.Names)
        {
            using var response = await http.GetAsync("/console/" + name);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/console/{name}: {response.StatusCode}");
            Assert.Equal(ConsoleFiles.Find(name)!.Content, await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Get_WithABody_Answers413()
    {
        using var http = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/console/") { Content = new StringContent("{}", MediaTypeHeaderValue.Parse("application/json")) };

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
