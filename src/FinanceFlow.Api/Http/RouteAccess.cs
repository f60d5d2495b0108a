using System.Security.Claims;
using FinanceFlow.Core.Security;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Api.Http;

/// <summary>Who may call a route, decided the same way in both hosts once the host has put the caller's validated principal on the request.</summary>
public static class RouteAccess
{
    /// <summary>Null when the caller may use the route; otherwise the 401 or 403 answer.</summary>
    public static IResult? Refuse(ClaimsPrincipal user, RoutePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Callers != RouteCallers.RoleHolder)
        {
            return null;
        }

        if (user.Identity is not { IsAuthenticated: true })
        {
            return Unauthenticated();
        }

        return FinanceFlowRoles.AnyOf(policy.Role!).Any(user.IsInRole) ? null : Forbidden(policy.Role!, user);
    }

    /// <summary>401: no valid token (or platform principal) came with the request.</summary>
    public static IResult Unauthenticated() =>
        Problems.Create(StatusCodes.Status401Unauthorized, "unauthenticated", "Sign-in required",
            "This route needs a signed-in caller: send a bearer token (Microsoft Entra ID, or a development token: financeflow token --role … --name …).");

    /// <summary>403 naming the role the route needs and the roles the caller has.</summary>
    public static IResult Forbidden(string role, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var held = user.Claims.Where(c => c.Type == ((user.Identity as ClaimsIdentity)?.RoleClaimType ?? DevelopmentTokens.RoleClaim)).Select(c => c.Value).ToList();
        return Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Role required",
            $"This route needs the role {string.Join(" or ", FinanceFlowRoles.AnyOf(role))}; the caller has {(held.Count == 0 ? "no FinanceFlow role" : string.Join(", ", held))}.");
    }
}
