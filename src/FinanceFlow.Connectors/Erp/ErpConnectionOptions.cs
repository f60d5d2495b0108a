using System.ComponentModel.DataAnnotations;

namespace FinanceFlow.Connectors.Erp;

/// <summary>
/// The settings every ERP ledger has, under <c>FinanceFlow:Erp:Ledgers:{ledger}</c>; each connector's options add its own beside
/// them (company, journal, subsidiary …). Secrets (<see cref="ClientSecret"/>) come from Key Vault references or environment
/// variables, never from committed files.
/// </summary>
public class ErpConnectionOptions
{
    /// <summary>Which ERP; <see cref="ErpKind.Hledger"/> when not set.</summary>
    public ErpKind Kind { get; set; } = ErpKind.Hledger;

    /// <summary>The API root, e.g. Business Central's <c>https://api.businesscentral.dynamics.com/v2.0/{tenant}/{environment}/api/v2.0</c>.</summary>
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary>Per-request time limit.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The OAuth 2.0 token endpoint for client credentials. Empty for Business Central in Azure (Entra ID through Azure.Identity:
    /// managed identity, or <see cref="ClientId"/> + <see cref="ClientSecret"/> with <see cref="TenantId"/>); in Development it can
    /// point at a local identity emulator.
    /// </summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>The Entra ID tenant (Business Central with a client secret).</summary>
    public string? TenantId { get; set; }

    public string? ClientId { get; set; }

    /// <summary>The client secret; from Key Vault (<c>@Microsoft.KeyVault(SecretUri=…)</c>) or an environment variable.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The token's scope, e.g. <c>https://api.businesscentral.dynamics.com/.default</c> or NetSuite's <c>rest_webservices</c>.</summary>
    public string? Scope { get; set; }
}
