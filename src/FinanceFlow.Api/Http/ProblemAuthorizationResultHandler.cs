using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace FinanceFlow.Api.Http;

/// <summary>The self-host's answer when authorization fails: the same 401 and 403 problem details the Functions app gives (<see cref="RouteAccess"/>).</summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Challenged)
        {
            // The scheme's challenge sets 401 and WWW-Authenticate: Bearer (with the token's error, if one was sent); then the body.
            await context.ChallengeAsync();
            await RouteAccess.Unauthenticated().ExecuteAsync(context);
            return;
        }

        if (authorizeResult.Forbidden)
        {
            var allowed = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).ToList();
            var role = allowed.Count == 0 ? "(none)" : string.Join("|", allowed);
            await RouteAccess.Forbidden(role, context.User).ExecuteAsync(context);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
