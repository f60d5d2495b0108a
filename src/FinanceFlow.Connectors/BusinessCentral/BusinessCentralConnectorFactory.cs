using Azure.Core;
using Azure.Identity;
using FinanceFlow.Connectors.Erp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.Connectors.BusinessCentral;

/// <summary>
/// Builds Business Central connectors from a ledger's settings. Tokens: a <c>TokenEndpoint</c> (an identity emulator in
/// Development) takes <c>ClientId</c> + <c>ClientSecret</c> by client credentials; otherwise Entra ID through Azure.Identity,
/// with <c>TenantId</c> + <c>ClientId</c> + <c>ClientSecret</c> (a secret from Key Vault), or a managed identity (user-assigned
/// with <c>ClientId</c>, system-assigned without).
/// </summary>
public sealed class BusinessCentralConnectorFactory(IHttpClientFactory httpClients, TimeProvider time, ILoggerFactory loggers, IHostEnvironment? environment = null) : IErpConnectorFactory
{
    /// <summary>The named client for API calls (with the resilience handler) and the one for tokens (without).</summary>
    public const string HttpClientName = "FinanceFlow.Erp.BusinessCentral";

    public const string TokenHttpClientName = "FinanceFlow.Erp.BusinessCentral.Token";

    public ErpKind Kind => ErpKind.BusinessCentral;

    public IReadOnlyList<string> Validate(string ledger, IConfigurationSection section, bool development)
    {
        ArgumentNullException.ThrowIfNull(section);
        string Key(string name) => section.Path + ":" + name;
        BusinessCentralOptions options;
        try
        {
            options = Bind(section);
        }
        catch (InvalidOperationException ex)
        {
            return [$"{section.Path} cannot be read: {ex.InnerException?.Message ?? ex.Message} (Mode is Journal or PurchaseInvoice; TimeoutSeconds a number)."];
        }

        var problems = new List<string>();
        if (ErpEndpoint.Problem(Key(nameof(options.BaseUrl)), options.BaseUrl, development) is { } baseUrl)
        {
            problems.Add(baseUrl);
        }

        if (!Guid.TryParse(options.CompanyId, out _))
        {
            problems.Add(string.IsNullOrWhiteSpace(options.CompanyId)
                ? $"{Key(nameof(options.CompanyId))} is required (the company's id, GET …/api/v2.0/companies)."
                : $"{Key(nameof(options.CompanyId))} '{options.CompanyId}' is not a GUID (the company's id, GET …/api/v2.0/companies).");
        }

        if (options.Mode == BusinessCentralMode.Journal && string.IsNullOrWhiteSpace(options.JournalCode))
        {
            problems.Add($"{Key(nameof(options.JournalCode))} is required in Journal mode (the journal batch's code).");
        }

        if (options.Mode == BusinessCentralMode.PurchaseInvoice && string.IsNullOrWhiteSpace(options.VendorNumber))
        {
            problems.Add($"{Key(nameof(options.VendorNumber))} is required in PurchaseInvoice mode (the vendor that stands for employee reimbursements).");
        }

        if (options.LocalCurrency.Trim().Length != 3)
        {
            problems.Add($"{Key(nameof(options.LocalCurrency))} is required: the company's local currency as a three-letter ISO code.");
        }

        if (options.TimeoutSeconds is < 1 or > 600)
        {
            problems.Add($"{Key(nameof(options.TimeoutSeconds))} must be between 1 and 600.");
        }

        if (!string.IsNullOrWhiteSpace(options.TokenEndpoint))
        {
            if (ErpEndpoint.Problem(Key(nameof(options.TokenEndpoint)), options.TokenEndpoint, development) is { } token)
            {
                problems.Add(token);
            }

            if (string.IsNullOrWhiteSpace(options.ClientId) || string.IsNullOrWhiteSpace(options.ClientSecret))
            {
                problems.Add($"{Key(nameof(options.ClientId))} and {Key(nameof(options.ClientSecret))} are required with {Key(nameof(options.TokenEndpoint))}.");
            }
        }
        else if (!string.IsNullOrWhiteSpace(options.ClientSecret) && (string.IsNullOrWhiteSpace(options.TenantId) || string.IsNullOrWhiteSpace(options.ClientId)))
        {
            problems.Add($"{Key(nameof(options.TenantId))} and {Key(nameof(options.ClientId))} are required with {Key(nameof(options.ClientSecret))} (Entra ID app registration).");
        }

        return problems;
    }

    public IErpConnector Create(string ledger, IConfigurationSection section)
    {
        if (Validate(ledger, section, environment?.IsDevelopment() == true) is { Count: > 0 } problems)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        var options = Bind(section);
        var client = httpClients.CreateClient(HttpClientName);
        client.BaseAddress = ErpEndpoint.BaseAddress(options.BaseUrl);

        // The resilience pipeline times each attempt (ErpResilience.AttemptTimeout); the client's own limit only bounds retries of reads.
        client.Timeout = TimeSpan.FromSeconds((options.TimeoutSeconds * 4) + 30);
        var http = new ErpHttp(client, Tokens(options), BusinessCentralApi.Erp);
        return new BusinessCentralConnector(ledger, options, http, loggers.CreateLogger<BusinessCentralConnector>());
    }

    private IErpTokenSource Tokens(BusinessCentralOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.TokenEndpoint))
        {
            var tokenClient = httpClients.CreateClient(TokenHttpClientName);
            tokenClient.Timeout = TimeSpan.FromSeconds(Math.Max(options.TimeoutSeconds, 10));
            return new ClientCredentialsTokenSource(
                tokenClient,
                new Uri(options.TokenEndpoint, UriKind.Absolute),
                ClientCredentialsTokenSource.ClientSecret(options.ClientId!, options.ClientSecret!, options.EffectiveScope),
                BusinessCentralApi.Erp,
                time);
        }

        TokenCredential credential = !string.IsNullOrWhiteSpace(options.ClientSecret)
            ? new ClientSecretCredential(options.TenantId, options.ClientId, options.ClientSecret)
            : new ManagedIdentityCredential(string.IsNullOrWhiteSpace(options.ClientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
        return new TokenCredentialTokenSource(credential, options.EffectiveScope, BusinessCentralApi.Erp, time);
    }

    private static BusinessCentralOptions Bind(IConfigurationSection section) => section.Get<BusinessCentralOptions>() ?? new BusinessCentralOptions();
}
