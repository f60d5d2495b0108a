using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using FinanceFlow.Core.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FinanceFlow.Testing;

/// <summary>
/// A development signing key for the test run, the self-host settings that trust it (as run.sh writes them), and tokens signed with
/// it: what a caller of a route that needs a role sends.
/// </summary>
public static class TestIdentity
{
    /// <summary>A caller holding every role.</summary>
    public const string OperatorName = "ops@example.com";

    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The self-host settings (environment form with <c>__</c>, or configuration keys with <c>:</c>) that accept these tokens.</summary>
    public static IReadOnlyDictionary<string, string> Settings(string separator = ":") => new Dictionary<string, string>
    {
        [$"Authentication{separator}Schemes{separator}Bearer{separator}ValidIssuer"] = DevelopmentTokens.Issuer,
        [$"Authentication{separator}Schemes{separator}Bearer{separator}ValidAudiences{separator}0"] = DevelopmentTokens.Audience,
        [$"Authentication{separator}Schemes{separator}Bearer{separator}SigningKeys{separator}0{separator}Issuer"] = DevelopmentTokens.Issuer,
        [$"Authentication{separator}Schemes{separator}Bearer{separator}SigningKeys{separator}0{separator}Value"] = Convert.ToBase64String(Key),
    };

    /// <summary>A token for <paramref name="name"/> with <paramref name="roles"/>; <paramref name="key"/> other than the trusted one makes a forged token.</summary>
    public static string Token(string name, IEnumerable<string> roles, byte[]? key = null)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var claims = new Dictionary<string, object>
        {
            ["sub"] = name,
            ["preferred_username"] = name,
            [DevelopmentTokens.RoleClaim] = roles.ToArray(),
        };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = DevelopmentTokens.Issuer,
            Audience = DevelopmentTokens.Audience,
            Claims = claims,
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? Key), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A bearer header for <paramref name="name"/> with <paramref name="roles"/> (every role by default).</summary>
    public static AuthenticationHeaderValue Bearer(string name = OperatorName, params string[] roles) =>
        new("Bearer", Token(name, roles.Length == 0 ? FinanceFlowRoles.All : roles));

    /// <summary>A validated principal as a host puts it on the request, for tests that call endpoints directly.</summary>
    public static ClaimsPrincipal Principal(string name = OperatorName, params string[] roles) =>
        new(new ClaimsIdentity(
            [new Claim("preferred_username", name), new Claim("sub", name), .. (roles.Length == 0 ? FinanceFlowRoles.All : roles).Select(r => new Claim(DevelopmentTokens.RoleClaim, r))],
            "Bearer",
            DevelopmentTokens.NameClaims[0],
            DevelopmentTokens.RoleClaim));
}
