using System.Security.Cryptography;
using System.Text.Json;
using FinanceFlow.Cli.Commands;
using FinanceFlow.Cli.Http;
using FinanceFlow.Core.Security;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FinanceFlow.Cli.Tests.Http;

public sealed class DevelopmentTokenIssuerTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public async Task Issue_ValidatedWithTheSameKey_IsValidAndCarriesTheNameAndRoles()
    {
        // Arrange
        var issuer = new DevelopmentTokenIssuer(Key);

        // Act
        var token = issuer.Issue("ops@example.com", [FinanceFlowRoles.Operator, FinanceFlowRoles.Reader], TimeSpan.FromHours(8));
        var result = await ValidateAsync(token, Key);

        // Assert
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("ops@example.com", result.ClaimsIdentity.Name);
        Assert.True(result.ClaimsIdentity.HasClaim("sub", "ops@example.com"));
        Assert.Equal([FinanceFlowRoles.Operator, FinanceFlowRoles.Reader], result.ClaimsIdentity.FindAll(DevelopmentTokens.RoleClaim).Select(c => c.Value));
    }

    [Fact]
    public void Issue_OneRole_WritesTheRolesClaimAsAJsonArray()
    {
        var token = new DevelopmentTokenIssuer(Key).Issue("reader@example.com", [FinanceFlowRoles.Reader], TimeSpan.FromHours(1));

        using var payload = Payload(token);

        var roles = payload.RootElement.GetProperty("roles");
        Assert.Equal(JsonValueKind.Array, roles.ValueKind);
        Assert.Equal(FinanceFlowRoles.Reader, Assert.Single(roles.EnumerateArray()).GetString());
        Assert.Equal(DevelopmentTokens.Issuer, payload.RootElement.GetProperty("iss").GetString());
        Assert.Equal(DevelopmentTokens.Audience, payload.RootElement.GetProperty("aud").GetString());
        Assert.Equal("reader@example.com", payload.RootElement.GetProperty("preferred_username").GetString());
    }

    [Fact]
    public void Issue_WithLifetime_SetsIssuedNotBeforeAndExpiry()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var token = new DevelopmentTokenIssuer(Key, time).Issue("x", [FinanceFlowRoles.Reader], TimeSpan.FromHours(8));

        using var payload = Payload(token);

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(now, payload.RootElement.GetProperty("iat").GetInt64());
        Assert.Equal(now, payload.RootElement.GetProperty("nbf").GetInt64());
        Assert.Equal(now + (8 * 3600), payload.RootElement.GetProperty("exp").GetInt64());
    }

    [Fact]
    public async Task Issue_ValidatedWithAnotherKey_IsNotValid()
    {
        var token = new DevelopmentTokenIssuer(Key).Issue("ops@example.com", [FinanceFlowRoles.Operator], TimeSpan.FromHours(1));

        var result = await ValidateAsync(token, RandomNumberGenerator.GetBytes(32));

        Assert.False(result.IsValid);
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(result.Exception);
    }

    [Fact]
    public async Task Issue_PastItsLifetime_IsNotValid()
    {
        var minted = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-9));
        var token = new DevelopmentTokenIssuer(Key, minted).Issue("ops@example.com", [FinanceFlowRoles.Operator], TimeSpan.FromHours(8));

        var result = await ValidateAsync(token, Key);

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(result.Exception);
    }

    [Fact]
    public void KnownRoles_UnknownRole_IsRefusedNamingTheKnownOnes()
    {
        var refused = Assert.Throws<UsageException>(() => DevelopmentTokenIssuer.KnownRoles([FinanceFlowRoles.Reader, "FinanceFlow.Root"]));

        Assert.Contains("'FinanceFlow.Root'", refused.Message, StringComparison.Ordinal);
        Assert.All(FinanceFlowRoles.All, role => Assert.Contains(role, refused.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Issue_UnknownRole_IsRefused()
    {
        var issuer = new DevelopmentTokenIssuer(Key);

        Assert.Throws<UsageException>(() => issuer.Issue("x", ["Admin"], TimeSpan.FromHours(1)));
    }

    [Fact]
    public void KnownRoles_AnyCaseCommaSeparatedAndRepeated_AreCanonicalAndOnce()
    {
        var roles = DevelopmentTokenIssuer.KnownRoles(["financeflow.reader,FinanceFlow.Operator", "FinanceFlow.Reader"]);

        Assert.Equal([FinanceFlowRoles.Reader, FinanceFlowRoles.Operator], roles);
    }

    [Fact]
    public void Constructor_KeyShorterThan32Bytes_IsRefused()
    {
        var refused = Assert.Throws<UsageException>(() => new DevelopmentTokenIssuer(new byte[16]));

        Assert.Contains("32", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_NamedKeyFileMissing_IsRefusedNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "financeflow-no-such-key-" + Guid.NewGuid().ToString("N"));

        var refused = Assert.Throws<UsageException>(() => DevelopmentTokenIssuer.Find(path));

        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_KeyFileAsRunShWritesIt_IssuesTokensThatValidateWithItsBytes()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, Convert.ToBase64String(Key) + "\n");

            var issuer = DevelopmentTokenIssuer.Find(path);
            var result = await ValidateAsync(issuer!.Issue("run.sh (local setup)", [FinanceFlowRoles.Operator], TimeSpan.FromMinutes(5)), Key);

            Assert.True(result.IsValid, result.Exception?.Message);
            Assert.Equal("run.sh (local setup)", result.ClaimsIdentity.Name);
        }
        finally
        {
            File.Delete(path);
        }
    }

    // What the self-host's JwtBearer checks for a development token (Authentication:Schemes:Bearer, as dotnet user-jwts writes it).
    private static Task<TokenValidationResult> ValidateAsync(string token, byte[] key) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = DevelopmentTokens.Issuer,
            ValidAudience = DevelopmentTokens.Audience,
            IssuerSigningKey = new SymmetricSecurityKey(key),
            NameClaimType = DevelopmentTokens.NameClaims[0],
            RoleClaimType = DevelopmentTokens.RoleClaim,
        });

    private static JsonDocument Payload(string token) =>
        JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.Split('.')[1]));
}
