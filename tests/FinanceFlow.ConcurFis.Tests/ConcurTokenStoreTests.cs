using System.Text;
using System.Web;
using Azure;
using Azure.Security.KeyVault.Secrets;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Emulators.Concur;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace FinanceFlow.ConcurFis.Tests;

/// <summary>The refresh token and geolocation Concur returns are kept across restarts and followed, as Concur's guide asks.</summary>
public sealed class ConcurTokenStoreTests : IDisposable
{
    private readonly ConcurFisEmulator _server = new();

    // The token's geolocation: another data center than the configured BaseUrl.
    private readonly ConcurFisEmulator _geolocation = new ConcurFisEmulator().WithTokens();

    [Fact]
    public async Task GetAccessTokenAsync_AfterARestart_UsesTheRefreshTokenConcurReturnedLast()
    {
        // Arrange: Concur rotates the refresh token on the first refresh.
        _server.With("POST", ConcurFisEmulator.TokenPath, 200, Answer("token-1", "rotated-refresh-2", _server.Url));
        using (var before = _server.Services())
        {
            await before.GetRequiredService<ConcurTokenProvider>().GetAccessTokenAsync();
        }

        // Act: a new process on the same store.
        using var after = _server.Services();
        await after.GetRequiredService<ConcurTokenProvider>().GetAccessTokenAsync();

        // Assert
        var sent = _server.Received(ConcurFisEmulator.TokenPath).Select(r => HttpUtility.ParseQueryString(r.RequestMessage.Body!)["refresh_token"]).ToList();
        Assert.Equal([ConcurFisEmulator.RefreshToken, "rotated-refresh-2"], sent);
    }

    [Fact]
    public async Task ConfirmPostingAsync_TokenNamesAGeolocation_CallsAndRefreshesThereAlsoAfterARestart()
    {
        // Arrange
        _server.With("POST", ConcurFisEmulator.TokenPath, 200, Answer("token-1", "rotated-refresh-2", _geolocation.Url));
        _geolocation.With("POST", ConcurFisEmulator.PostingConfirmationsPath, 200,
            ConcurFisPayloads.AnswerFor(ConcurFisPayloads.PostingConfirmationsAnswer, "D1"));
        var confirmation = ConcurPostingConfirmation.Success("D1", new ConcurPostingDocument("US01", "1", 2026, new DateOnly(2026, 11, 26)));
        using (var before = _server.Services())
        {
            await before.GetRequiredService<ConcurFisClient>().ConfirmPostingAsync("expense", confirmation);
        }

        // Act
        using var after = _server.Services();
        var client = after.GetRequiredService<ConcurFisClient>();
        var result = await client.ConfirmPostingAsync("expense", confirmation);

        // Assert: both confirmations went to the geolocation, the second refresh too, with the rotated token.
        Assert.True(result.IsConfirmed);
        Assert.Empty(_server.Received(ConcurFisEmulator.PostingConfirmationsPath));
        Assert.Equal(2, _geolocation.Received(ConcurFisEmulator.PostingConfirmationsPath).Count);
        Assert.Single(_server.Received(ConcurFisEmulator.TokenPath));
        var refresh = Assert.Single(_geolocation.Received(ConcurFisEmulator.TokenPath));
        Assert.Equal("rotated-refresh-2", HttpUtility.ParseQueryString(refresh.RequestMessage.Body!)["refresh_token"]);
        Assert.True(client.IsOnFisHost(new Uri(_geolocation.Url + ConcurFisEmulator.TransactionsPath)));
    }

    [Fact]
    public async Task SaveAsync_LocalStore_KeepsNoReadableTokenOnDisk()
    {
        // Arrange
        _server.With("POST", ConcurFisEmulator.TokenPath, 200, Answer("token-1", "rotated-refresh-2", _server.Url));
        using var services = _server.Services();

        // Act
        await services.GetRequiredService<ConcurTokenProvider>().GetAccessTokenAsync();

        // Assert
        Assert.IsType<ProtectedFileConcurTokenStore>(services.GetRequiredService<IConcurTokenStore>());
        var file = Path.Combine(_server.TokenStorePath, "company-token.bin");
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.DoesNotContain("rotated-refresh-2", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.DoesNotContain("rotated-refresh-2", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        var stored = await services.GetRequiredService<IConcurTokenStore>().ReadAsync(CancellationToken.None);
        Assert.Equal(("rotated-refresh-2", new Uri(_server.Url).AbsoluteUri), (stored?.RefreshToken, stored?.Geolocation));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task GetAccessTokenAsync_ConfiguredTokenChangedSinceTheStoredOne_UsesTheConfiguredOne()
    {
        // Arrange: the company reconnected the app and the operator set its new refresh token.
        _server.With("POST", ConcurFisEmulator.TokenPath, 200, Answer("token-1", "rotated-refresh-2", _server.Url));
        using (var before = _server.Services())
        {
            await before.GetRequiredService<ConcurTokenProvider>().GetAccessTokenAsync();
        }

        // Act
        using var after = _server.Services(new Dictionary<string, string?> { [$"{ConcurFisOptions.SectionName}:CompanyRefreshToken"] = "reconnected-refresh" });
        await after.GetRequiredService<ConcurTokenProvider>().GetAccessTokenAsync();

        // Assert
        var last = _server.Received(ConcurFisEmulator.TokenPath)[^1];
        Assert.Equal("reconnected-refresh", HttpUtility.ParseQueryString(last.RequestMessage.Body!)["refresh_token"]);
    }

    [Fact]
    public async Task GetAccessTokenAsync_StoreRefusesTheSave_KeepsTheRotatedTokenForTheNextRefresh()
    {
        // Arrange
        _server.With("POST", ConcurFisEmulator.TokenPath, 200, Answer("token-1", "rotated-refresh-2", _server.Url));
        var store = new Mock<IConcurTokenStore>();
        store.Setup(s => s.ReadAsync(It.IsAny<CancellationToken>())).ReturnsAsync((ConcurStoredToken?)null);
        store.Setup(s => s.SaveAsync(It.IsAny<ConcurStoredToken>(), It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("disk full"));
        using var services = _server.Services(store: store.Object);
        var tokens = services.GetRequiredService<ConcurTokenProvider>();

        // Act
        var first = await tokens.GetAccessTokenAsync();
        tokens.Invalidate();
        await tokens.GetAccessTokenAsync();

        // Assert
        Assert.Equal("token-1", first);
        var sent = _server.Received(ConcurFisEmulator.TokenPath).Select(r => HttpUtility.ParseQueryString(r.RequestMessage.Body!)["refresh_token"]).ToList();
        Assert.Equal([ConcurFisEmulator.RefreshToken, "rotated-refresh-2"], sent);
        store.Verify(s => s.SaveAsync(It.Is<ConcurStoredToken>(t => t.RefreshToken == "rotated-refresh-2"), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task KeyVaultStore_SaveThenRead_OneSecretVersionPerSaveAndNullWhenNoneYet()
    {
        // Arrange
        var saved = new List<KeyVaultSecret>();
        var secrets = new Mock<SecretClient>();
        secrets.Setup(s => s.SetSecretAsync(It.IsAny<KeyVaultSecret>(), It.IsAny<CancellationToken>()))
            .Callback<KeyVaultSecret, CancellationToken>((secret, _) => saved.Add(secret))
            .ReturnsAsync((KeyVaultSecret secret, CancellationToken _) => Response.FromValue(secret, Mock.Of<Response>()));
        secrets.Setup(s => s.GetSecretAsync("concur-fis-company-token", null, It.IsAny<SecretContentType?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => saved.Count == 0
                ? throw new RequestFailedException(404, "SecretNotFound")
                : Response.FromValue(saved[^1], Mock.Of<Response>()));
        var store = new KeyVaultConcurTokenStore(secrets.Object, "concur-fis-company-token");
        var token = new ConcurStoredToken("rotated-refresh-2", "https://emea.api.concursolutions.com/", "abc", new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

        // Act
        var none = await store.ReadAsync(CancellationToken.None);
        await store.SaveAsync(token with { RefreshToken = "rotated-refresh-1" }, CancellationToken.None);
        await store.SaveAsync(token, CancellationToken.None);
        var read = await store.ReadAsync(CancellationToken.None);

        saved.Add(new KeyVaultSecret("concur-fis-company-token", "set by hand"));
        var unreadable = await store.ReadAsync(CancellationToken.None);

        // Assert
        Assert.Null(none);
        Assert.Null(unreadable);
        Assert.Equal(token, read);
        Assert.Equal(3, saved.Count);
        Assert.All(saved.Take(2), s => Assert.Equal(("concur-fis-company-token", "application/json"), (s.Name, s.Properties.ContentType)));
    }

    [Fact]
    public void AddConcurFis_KeyVaultUriSet_StoresInKeyVault()
    {
        // Act
        using var services = _server.Services(new Dictionary<string, string?> { [$"{ConcurFisOptions.SectionName}:TokenStore:KeyVaultUri"] = "https://financeflow-kv.vault.azure.net/" });

        // Assert
        Assert.IsType<KeyVaultConcurTokenStore>(services.GetRequiredService<IConcurTokenStore>());
    }

    [Fact]
    public void Validate_KeyVaultUriNotHttps_RefusedNamingTheSetting()
    {
        // Arrange
        using var services = _server.Services(new Dictionary<string, string?> { [$"{ConcurFisOptions.SectionName}:TokenStore:KeyVaultUri"] = "http://vault.local" });

        // Act
        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ConcurFisOptions>>().Value);

        // Assert
        Assert.Contains("FinanceFlow:Sources:concur:Fis:TokenStore:KeyVaultUri", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _server.Dispose();
        _geolocation.Dispose();
    }

    private static string Answer(string accessToken, string refreshToken, string geolocation) =>
        $$"""{"expires_in":"3600","scope":"FISVC","token_type":"Bearer","access_token":"{{accessToken}}","refresh_token":"{{refreshToken}}","geolocation":"{{geolocation}}"}""";
}
