using System.Text.Json;
using Azure;
using Azure.Security.KeyVault.Secrets;

namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>The Azure token store: one Key Vault secret, a new version per refresh, read with the app's managed identity.</summary>
/// <remarks>The identity needs <c>Key Vault Secrets Officer</c> on the vault (get and set secrets).</remarks>
public sealed class KeyVaultConcurTokenStore(SecretClient secrets, string secretName) : IConcurTokenStore
{
    public async Task<ConcurStoredToken?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var secret = await secrets.GetSecretAsync(secretName, cancellationToken: cancellationToken);
            return JsonSerializer.Deserialize<ConcurStoredToken>(secret.Value.Value);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (JsonException)
        {
            // Not a value FinanceFlow wrote: the configured CompanyRefreshToken is used and the next save replaces it.
            return null;
        }
    }

    public async Task SaveAsync(ConcurStoredToken token, CancellationToken cancellationToken)
    {
        var secret = new KeyVaultSecret(secretName, JsonSerializer.Serialize(token));
        secret.Properties.ContentType = "application/json";
        await secrets.SetSecretAsync(secret, cancellationToken);
    }
}
