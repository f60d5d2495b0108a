using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using FinanceFlow.Api;
using FinanceFlow.Api.Http;
using FinanceFlow.Core.Security;
using FinanceFlow.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FinanceFlow.SelfHost.Tests;

/// <summary>
/// Every route of the route table on the real self-host: without a token 401, with a token lacking the route's role 403 naming it,
/// with the role the route itself answers. A route added without a policy, or with the wrong one, fails here.
/// </summary>
public sealed class RouteAccessTests(SelfHostOnAzurite host) : IClassFixture<SelfHostOnAzurite>
{
    private readonly WebApplicationFactory<Program> _factory = host.Factory;

    /// <summary>Every route that needs a role: its name, method, a concrete path, and the role.</summary>
    public static TheoryData<string, string, string, string> RoleRoutes()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var (root, group) in ApiRoutes.Groups.Select(g => (ApiRoutes.Root, g)).Append(("/", ApiRoutes.DurableManagement)))
        {
            foreach (var route in group.Routes.Where(_ => group.Callers == RouteCallers.RoleHolder))
            {
                data.Add(route.Name, route.Method, "/" + Concrete(group.TemplateOf(root, route)), route.Role!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RoleRoutes))]
    public async Task Route_WithoutATokenWithTheWrongRoleAndWithItsRole_Answers401Then403ThenItself(string name, string method, string path, string role)
    {
        using var http = _factory.CreateClient();

        var anonymous = await SendAsync(http, method, path, null);
        var forged = await SendAsync(http, method, path, new AuthenticationHeaderValue("Bearer", TestIdentity.Token("mallory", FinanceFlowRoles.All, RandomNumberGenerator.GetBytes(32))));
        // A route open to either of two roles (FinanceFlowRoles.Resolver) refuses every other role, and takes each of its own.
        var accepted = FinanceFlowRoles.AnyOf(role);
        var otherRoles = await SendAsync(http, method, path, TestIdentity.Bearer("ops@example.com", [.. FinanceFlowRoles.All.Where(r => !accepted.Contains(r))]));
        var withRole = await SendAsync(http, method, path, TestIdentity.Bearer("ops@example.com", accepted[^1]));

        Assert.True(anonymous.Status == 401 && anonymous.ContentType == "application/problem+json", $"{name}: {anonymous.Status} without a token");
        Assert.Equal(401, forged.Status);
        Assert.True(otherRoles.Status == 403 && accepted.All(r => otherRoles.Body.Contains(r, StringComparison.Ordinal)), $"{name}: {otherRoles.Status} {otherRoles.Body} without {role}");
        Assert.True(withRole.Status is not (401 or 403), $"{name}: {withRole.Status} {withRole.Body} with {role}");
    }

    [Fact]
    public async Task OpenRoutes_NeedNoToken()
    {
        using var http = _factory.CreateClient();

        var health = await http.GetAsync("/health");
        var webhook = await http.PostAsync("/api/v1/webhooks/canonical", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var console = await http.GetAsync("/console/");

        Assert.True(health.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        using var problem = JsonDocument.Parse(await webhook.Content.ReadAsStringAsync());
        Assert.NotEqual("https://financeflow.dev/problems/unauthenticated", problem.RootElement.GetProperty("type").GetString());
    }

    private static string Concrete(string template) =>
        string.Join('/', template.Split('/').Select(s => s.StartsWith('{') ? (s == "{kind}" ? "nothing" : "x") : s));

    private static async Task<(int Status, string? ContentType, string Body)> SendAsync(HttpClient http, string method, string path, AuthenticationHeaderValue? token)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = token;
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            if (!ApiRoutes.Groups.Append(ApiRoutes.DurableManagement).SelectMany(g => g.Routes).Single(r => Matches(r, method, path)).Body.TakesBody)
            {
                request.Content = null;
            }
        }

        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private static bool Matches(ApiRoute route, string method, string path)
    {
        var group = ApiRoutes.Groups.Append(ApiRoutes.DurableManagement).Single(g => g.Routes.Contains(route));
        var root = group == ApiRoutes.DurableManagement ? "/" : ApiRoutes.Root;
        return route.Method == method && "/" + Concrete(group.TemplateOf(root, route)) == path;
    }
}
