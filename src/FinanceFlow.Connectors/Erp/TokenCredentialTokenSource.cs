using Azure.Core;
using Azure.Identity;

namespace FinanceFlow.Connectors.Erp;

/// <summary>
/// Entra ID tokens through Azure.Identity (managed identity, workload identity or a client secret from Key Vault): Business
/// Central in Azure. The credential caches its tokens; this keeps the last one to skip even that lookup.
/// </summary>
/// <param name="scope">E.g. <c>https://api.businesscentral.dynamics.com/.default</c>.</param>
public sealed class TokenCredentialTokenSource(TokenCredential credential, string scope, string erp, TimeProvider time) : IErpTokenSource
{
    private static readonly TimeSpan EarlyRenewal = TimeSpan.FromMinutes(1);

    private AccessToken? _cached;

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } cached && cached.ExpiresOn - EarlyRenewal > time.GetUtcNow())
        {
            return cached.Token;
        }

        try
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken);
            _cached = token;
            return token.Token;
        }
        catch (CredentialUnavailableException ex)
        {
            throw new ErpAuthenticationException($"No Entra ID credential is available for {erp}: {ex.Message}", ex);
        }
        catch (AuthenticationFailedException ex)
        {
            throw new ErpAuthenticationException($"No Entra ID token for {erp} (scope {scope}): {ex.Message}", ex);
        }
    }

    public void Invalidate(string token)
    {
        if (_cached is { } cached && cached.Token == token)
        {
            _cached = null;
        }
    }
}
