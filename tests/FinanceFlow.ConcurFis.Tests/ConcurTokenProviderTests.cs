using System.Web;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Emulators.Concur;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.ConcurFis.Tests;

public sealed class ConcurTokenProviderTests : IDisposable
{
    private readonly ConcurFisEmulator _server = new();

    [Fact]
    public async Task GetAccessTokenAsync_CalledThreeTimes_RequestsOneCompanyTokenWithTheRefreshGrant()
    {
        // Arrange
        _server.WithTokens();
        using var services = _server.Services();
        var tokens = services.GetRequiredService<ConcurTokenProvider>();

        // Act
        var first = await tokens.GetAccessTokenAsync();
        var second = await tokens.GetAccessTokenAsync();
        var third = await tokens.GetAccessTokenAsync();

        // Assert
        Assert.Equal(["token-1", "token-1", "token-1"], [first, second, third]);
        var request = Assert.Single(_server.Received(ConcurFisEmulator.TokenPath));
        var form = HttpUtility.ParseQueryString(request.RequestMessage.Body!);
        Assert.Equal("refresh_token", form["grant_type"]);
        Assert.Equal(ConcurFisEmulator.ClientId, form["client_id"]);
        Assert.Equal(ConcurFisEmulator.ClientSecret, form["client_secret"]);
        Assert.Equal(ConcurFisEmulator.RefreshToken, form["refresh_token"]);
        Assert.DoesNotContain(_server.Logs.Messages, m => m.Contains(ConcurFisEmulator.ClientSecret, StringComparison.Ordinal)
            || m.Contains(ConcurFisEmulator.RefreshToken, StringComparison.Ordinal) || m.Contains("token-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetAccessTokenAsync_WithinMarginOfExpiry_RefreshesOnce()
    {
        // Arrange: a one-hour token is used for 59 minutes (60 s margin), then replaced.
        _server.WithTokens(expiresIn: 3600);
        using var services = _server.Services();
        var tokens = services.GetRequiredService<ConcurTokenProvider>();
        var first = await tokens.GetAccessTokenAsync();

        // Act
        _server.Time.Advance(TimeSpan.FromSeconds(3539));
        var beforeMargin = await tokens.GetAccessTokenAsync();
        _server.Time.Advance(TimeSpan.FromSeconds(2));
        var afterMargin = await tokens.GetAccessTokenAsync();
        var cachedAgain = await tokens.GetAccessTokenAsync();

        // Assert
        Assert.Equal("token-1", first);
        Assert.Equal("token-1", beforeMargin);
        Assert.Equal("token-2", afterMargin);
        Assert.Equal("token-2", cachedAgain);
        Assert.Equal(2, _server.Received(ConcurFisEmulator.TokenPath).Count);
    }

    [Fact]
    public async Task GetAccessTokenAsync_TwentyConcurrentCallers_OneTokenRequest()
    {
        // Arrange
        _server.WithTokens();
        using var services = _server.Services();
        var tokens = services.GetRequiredService<ConcurTokenProvider>();

        // Act
        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () => await tokens.GetAccessTokenAsync())));

        // Assert
        Assert.All(all, token => Assert.Equal("token-1", token));
        Assert.Single(_server.Received(ConcurFisEmulator.TokenPath));
    }

    [Fact]
    public async Task Invalidate_AfterA401_NextCallFetchesANewToken()
    {
        // Arrange
        _server.WithTokens();
        using var services = _server.Services();
        var tokens = services.GetRequiredService<ConcurTokenProvider>();
        var rejected = await tokens.GetAccessTokenAsync();

        // Act
        tokens.Invalidate(rejected);
        var fresh = await tokens.GetAccessTokenAsync();
        tokens.Invalidate(rejected); // a second caller rejected with the old token must not drop the new one
        var same = await tokens.GetAccessTokenAsync();

        // Assert
        Assert.Equal("token-2", fresh);
        Assert.Equal("token-2", same);
        Assert.Equal(2, _server.Received(ConcurFisEmulator.TokenPath).Count);
    }

    [Fact]
    public async Task GetAccessTokenAsync_RefreshTokenRefused_ThrowsNamingTheSettingsWithoutTheSecret()
    {
        // Arrange
        _server.With("POST", ConcurFisEmulator.TokenPath, 400, """{"error":"invalid_grant","error_description":"refresh token expired"}""");
        using var services = _server.Services();

        // Act
        var ex = await Assert.ThrowsAsync<ConcurFisException>(
            async () => await services.GetRequiredService<ConcurTokenProvider>().GetAccessTokenAsync());

        // Assert
        Assert.Contains("invalid_grant", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CompanyRefreshToken", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ConcurFisEmulator.ClientSecret, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ConcurFisEmulator.RefreshToken, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAccessTokenAsync_TokenEndpoint503_ThrowsTransient()
    {
        // Arrange
        _server.With("POST", ConcurFisEmulator.TokenPath, 503, "");
        using var services = _server.Services();

        // Act
        var ex = await Assert.ThrowsAsync<ConcurUnavailableException>(
            async () => await services.GetRequiredService<ConcurTokenProvider>().GetAccessTokenAsync());

        // Assert
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ex.StatusCode);
    }

    public void Dispose() => _server.Dispose();
}
