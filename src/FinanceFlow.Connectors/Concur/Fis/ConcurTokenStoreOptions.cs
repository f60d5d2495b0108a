namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>The <c>FinanceFlow:Sources:concur:Fis:TokenStore</c> section: where the rotated refresh token is kept.</summary>
public sealed class ConcurTokenStoreOptions
{
    /// <summary>Key Vault holding the token as a secret (Azure, managed identity); unset keeps it in the protected local store.</summary>
    public string? KeyVaultUri { get; set; }

    /// <summary>The secret's name in <see cref="KeyVaultUri"/>; every refresh adds a version.</summary>
    public string SecretName { get; set; } = "concur-fis-company-token";

    /// <summary>The protected local store's folder (self-host); <c>{LocalApplicationData}/FinanceFlow/concur-fis</c> when empty.</summary>
    public string? Path { get; set; }

    /// <summary>The local store's folder actually used.</summary>
    public string GetPath() => string.IsNullOrWhiteSpace(Path)
        ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "FinanceFlow", "concur-fis")
        : Path;
}
