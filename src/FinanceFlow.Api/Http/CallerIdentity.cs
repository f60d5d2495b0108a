using System.Security.Claims;
using FinanceFlow.Core.Security;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Api.Http;

/// <summary>
/// Who is calling, as the audit trail names them: only from the principal the host validated (a bearer token in the self-host, the
/// platform's principal in Azure), never from a header a client can set. Machine intake is <c>webhook:{source}</c>.
/// </summary>
public static class CallerIdentity
{
    public const string Anonymous = "anonymous";

    /// <summary>The validated principal's name (<c>preferred_username</c>, else <c>email</c>, else <c>sub</c>), or <see cref="Anonymous"/>.</summary>
    public static string Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return NameOf(request.HttpContext.User) ?? Anonymous;
    }

    /// <summary>The actor of a signed webhook delivery.</summary>
    public static string Webhook(string source) => "webhook:" + source;

    /// <summary>The name of an authenticated principal, or null.</summary>
    public static string? NameOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity is not { IsAuthenticated: true } identity)
        {
            return null;
        }

        return DevelopmentTokens.NameClaims.Select(type => user.FindFirst(type)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))
            ?? (identity.Name is { Length: > 0 } name ? name : null);
    }
}
