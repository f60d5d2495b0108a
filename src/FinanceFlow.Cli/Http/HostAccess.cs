using System.Net.Http.Headers;
using FinanceFlow.Core.Security;
using Microsoft.IdentityModel.JsonWebTokens;

namespace FinanceFlow.Cli.Http;

/// <summary>
/// What a command sends to the host's routes other than the webhook: a bearer token (given, or minted for the command's
/// roles) and, for an Azure Functions host, the function key. Without a token the host answers 401.
/// </summary>
/// <param name="BearerToken">Sent as <c>Authorization: Bearer</c>; null when no token was given and no signing key found.</param>
/// <param name="FunctionKey">Sent as <c>x-functions-key</c> (Azure Functions); null for the self-host.</param>
/// <param name="Principal">Who the token names (the audit trail's actor), for messages.</param>
/// <param name="Origin">Where the token came from, for messages.</param>
public sealed record HostAccess(string? BearerToken, string? FunctionKey, string? Principal, string Origin)
{
    public const string TokenVariable = "FINANCEFLOW_TOKEN";

    /// <summary>No token: the host answers 401 to everything but the webhook and <c>/health</c>.</summary>
    public static HostAccess Anonymous(string? functionKey = null) => new(null, functionKey, null, "no token");

    /// <summary>A token the caller gave (<c>--token</c>, <c>FINANCEFLOW_TOKEN</c>); its name is read, not checked, for messages.</summary>
    public static HostAccess Given(string token, string? functionKey, string origin) => new(token, functionKey, NameIn(token), origin);

    /// <summary>Adds the token and the function key to one request.</summary>
    public void Apply(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BearerToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BearerToken);
        }

        if (FunctionKey is not null)
        {
            request.Headers.Add("x-functions-key", FunctionKey);
        }
    }

    /// <summary>What to do about a 401 or 403 from the host, given what was sent.</summary>
    public string Advice(int statusCode) => statusCode switch
    {
        401 when BearerToken is null =>
            $"No token was sent. Pass one with --token TOKEN (or {TokenVariable}), or let the CLI mint one from a signing key: "
            + $"{DevelopmentTokenIssuer.KeyLookup}. 'financeflow token --role ROLE --name NAME' prints a token.",
        401 =>
            $"The host refused the token ({Origin}): it expired, or it was signed with another key than the host's "
            + $"(each ./run.sh generates a new one in {DevelopmentTokenIssuer.DefaultKeyFile}). Mint a new one with 'financeflow token'.",
        _ =>
            $"The token ({Origin}{(Principal is null ? string.Empty : ", for " + Principal)}) lacks the role the route needs; "
            + "mint one with it: 'financeflow token --role ROLE --name NAME'.",
    };

    private static string? NameIn(string token)
    {
        try
        {
            var jwt = new JsonWebToken(token);
            return DevelopmentTokens.NameClaims
                .Select(c => jwt.TryGetPayloadValue<string>(c, out var value) ? value : null)
                .FirstOrDefault(v => !string.IsNullOrEmpty(v));
        }
        catch (ArgumentException)
        {
            // Not a JWT the CLI can read; the host decides whether it is a token at all.
            return null;
        }
    }
}
