using System.Net;
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
}
