using System.Net;
using System.Text.Json.Nodes;
using FinanceFlow.Core.Security;
using FinanceFlow.Testing;

namespace FinanceFlow.SelfHost.Tests;

/// <summary><c>GET /openapi/v1.json</c> on the real self-host: the document docs/openapi.json holds, to a caller without a token.</summary>
public sealed class OpenApiRouteTests(SelfHostOnAzurite host) : IClassFixture<SelfHostOnAzurite>
{
    [Fact]
    public async Task Get_WithoutToken_ServesTheCheckedInDocument()
    {
        // Arrange
        using var http = host.Factory.CreateClient();
        var checkedIn = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "openapi.json"));

        // Act
        using var response = await http.GetAsync("/openapi/v1.json");
        var served = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(served == checkedIn,
            "The self-host serves another OpenAPI document than docs/openapi.json. Regenerate it: "
            + "UPDATE_OPENAPI=1 dotnet test tests/FinanceFlow.Api.Tests -c Release --filter FullyQualifiedName~OpenApiDocumentTests");
        Assert.Contains("\"/api/v1/webhooks/{source}\"", served, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/v1/exceptions", "/api/v1/exceptions", "?kind=nope", FinanceFlowRoles.Reader, 400)]
    [InlineData("GET", "/api/v1/exceptions", "/api/v1/exceptions", "", null, 401)]
    [InlineData("POST", "/api/v1/reconciliations", "/api/v1/reconciliations", "", FinanceFlowRoles.Reader, 403)]
    [InlineData("GET", "/api/v1/masterdata/{kind}", "/api/v1/masterdata/planets", "", FinanceFlowRoles.Reader, 404)]
    public async Task ProblemAnswer_AsServed_IsWhatTheDocumentSays(string method, string path, string url, string query, string? role, int status)
    {
        // Arrange
        using var http = host.Factory.CreateClient();
        var document = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!;
        using var request = new HttpRequestMessage(new HttpMethod(method), url + query);
        if (role is not null)
        {
            request.Headers.Authorization = TestIdentity.Bearer(roles: role);
        }

        // Act
        using var response = await http.SendAsync(request);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        // Assert
        var documented = document["paths"]![path]![method.ToLowerInvariant()]!["responses"]![status.ToString(System.Globalization.CultureInfo.InvariantCulture)]!;
        var schema = document["components"]!["schemas"]!["ProblemDetails"]!;
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(documented["content"]!["application/problem+json"]);
        Assert.Contains(problem["type"]!.GetValue<string>(), documented["x-financeflow-problem-types"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal([], problem.Select(p => p.Key).Where(k => schema["properties"]![k] is null));
        Assert.All(schema["required"]!.AsArray(), r => Assert.True(problem.ContainsKey(r!.GetValue<string>()), $"the problem has no {r}"));
    }
}
