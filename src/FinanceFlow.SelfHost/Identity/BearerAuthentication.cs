using FinanceFlow.Core.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace FinanceFlow.SelfHost.Identity;

/// <summary>
/// The self-host authenticates bearer tokens with ASP.NET Core's JwtBearer handler, bound to the standard section
/// <c>Authentication:Schemes:Bearer</c>: <c>Authority</c> + <c>ValidAudiences</c> for Microsoft Entra ID or any OIDC issuer, or
/// <c>ValidIssuer</c> + <c>SigningKeys</c> (<c>Issuer</c>, base64 <c>Value</c>) as <c>dotnet user-jwts</c> writes them for development.
/// App roles come from the <c>roles</c> claim; the name from <c>preferred_username</c>, else <c>email</c>, else <c>sub</c>.
/// </summary>
public static class BearerAuthentication
{
    public const string SectionName = "Authentication:Schemes:Bearer";

    public static IServiceCollection AddFinanceFlowBearerAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            // Keep the token's claim names (roles, sub, preferred_username) instead of mapping them to WS-* URIs.
            options.MapInboundClaims = false;
            options.TokenValidationParameters.NameClaimType = DevelopmentTokens.NameClaims[0];
            options.TokenValidationParameters.RoleClaimType = DevelopmentTokens.RoleClaim;
        });

        // Without an issuer to trust every route but the webhooks would answer 401: say so at start instead.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Validate(
                options => !string.IsNullOrWhiteSpace(options.Authority)
                    || options.TokenValidationParameters.IssuerSigningKey is not null
                    || options.TokenValidationParameters.IssuerSigningKeys?.Any() == true,
                $"{SectionName} is not configured: set {SectionName}:Authority and :ValidAudiences (Microsoft Entra ID or another OIDC issuer), "
                + $"or :ValidIssuer, :ValidAudiences and :SigningKeys:0:Issuer and :Value (a development key; run.sh makes one).")
            .ValidateOnStart();
        return services;
    }
}
