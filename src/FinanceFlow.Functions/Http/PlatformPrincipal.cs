using System.Security.Claims;
using System.Text;
using System.Text.Json;
using FinanceFlow.Core.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace FinanceFlow.Functions.Http;

/// <summary>
/// The caller App Service authentication (Microsoft Entra ID) validated, read from <c>X-MS-CLIENT-PRINCIPAL</c> — only while platform
/// authentication is on (<c>WEBSITE_AUTH_ENABLED=True</c>, set by the platform), because only then does the platform strip that header
/// from what clients send. Otherwise every caller is anonymous and routes that need a role answer 401.
/// </summary>
public sealed class PlatformPrincipal(IConfiguration configuration)
{
    public const string Header = "X-MS-CLIENT-PRINCIPAL";
    public const string EnabledSetting = "WEBSITE_AUTH_ENABLED";

    /// <summary>A principal header longer than this is not read (the platform's are a few KiB).</summary>
    public const int MaxHeaderLength = 32 * 1024;

    public bool Enabled => string.Equals(configuration[EnabledSetting], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The platform's principal, or an anonymous one when platform authentication is off or the request carries none.</summary>
    public ClaimsPrincipal Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[Header].ToString();
        if (!Enabled || header.Length is 0 or > MaxHeaderLength)
        {
            return new ClaimsPrincipal(new ClaimsIdentity());
        }

        return Parse(header) ?? new ClaimsPrincipal(new ClaimsIdentity());
    }

    /// <summary>The principal in the header's base64 JSON (<c>auth_typ</c>, <c>role_typ</c>, <c>claims[{typ,val}]</c>); null when it cannot be read.</summary>
    public static ClaimsPrincipal? Parse(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var bytes = new byte[header.Length];
        if (!Convert.TryFromBase64String(header, bytes, out var length))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 0, length));
            var root = document.RootElement;
            var roleType = root.TryGetProperty("role_typ", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var claims = new List<Claim>();
            if (root.TryGetProperty("claims", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var claim in list.EnumerateArray())
                {
                    if (claim.TryGetProperty("typ", out var typ) && typ.ValueKind == JsonValueKind.String
                        && claim.TryGetProperty("val", out var val) && val.ValueKind == JsonValueKind.String)
                    {
                        // App roles come as "roles"; some platforms give them the role_typ instead: both count as roles.
                        var type = typ.GetString()!;
                        claims.Add(new Claim(type == roleType ? DevelopmentTokens.RoleClaim : type, val.GetString()!));
                    }
                }
            }

            var authenticationType = root.TryGetProperty("auth_typ", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType ?? "platform", DevelopmentTokens.NameClaims[0], DevelopmentTokens.RoleClaim));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
