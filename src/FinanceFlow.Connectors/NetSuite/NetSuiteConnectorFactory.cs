using System.Security.Cryptography;
using FinanceFlow.Connectors.Erp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.Connectors.NetSuite;

/// <summary>Validates NetSuite ledgers' settings and builds their connectors (one per ledger; the caller caches it).</summary>
public sealed class NetSuiteConnectorFactory(IHttpClientFactory clients, TimeProvider time, ILoggerFactory loggers, IHostEnvironment? environment = null) : IErpConnectorFactory
{
    public ErpKind Kind => ErpKind.NetSuite;

    public IReadOnlyList<string> Validate(string ledger, IConfigurationSection section, bool development)
    {
        ArgumentNullException.ThrowIfNull(section);
        var key = $"FinanceFlow:Erp:Ledgers:{ledger}:";
        NetSuiteOptions options;
        try
        {
            options = Bind(section);
        }
        catch (InvalidOperationException ex)
        {
            return [$"{key}: {ex.Message}"];
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AccountId))
        {
            problems.Add($"{key}AccountId is required (the NetSuite account id, e.g. 1234567).");
        }

        Add(problems, ErpEndpoint.Problem(key + "BaseUrl", options.RestRoot, development));
        if (!string.IsNullOrWhiteSpace(options.TokenEndpoint))
        {
            Add(problems, ErpEndpoint.Problem(key + "TokenEndpoint", options.TokenEndpoint, development));
        }

        if (options.TimeoutSeconds is < 1 or > 600)
        {
            problems.Add($"{key}TimeoutSeconds must be between 1 and 600.");
        }

        if (options.QueryPageSize is < 1 or > 1000)
        {
            problems.Add($"{key}QueryPageSize must be between 1 and 1000.");
        }

        if (options.OneWorld)
        {
            Add(problems, InternalId(key + "Subsidiary", options.Subsidiary, "the subsidiary's internal id; OneWorld journal entries need one (OneWorld=false for an account without subsidiaries)"));
        }

        if (options.Mode == NetSuiteMode.VendorBill)
        {
            Add(problems, InternalId(key + "VendorId", options.VendorId, "the internal id of the vendor every bill is drawn on in VendorBill mode"));
        }

        if (options.CurrencyIds.Count == 0)
        {
            problems.Add($"{key}CurrencyIds is required: the NetSuite currency internal id of each currency posted, e.g. {key}CurrencyIds:USD = 1.");
        }

        foreach (var (code, id) in options.CurrencyIds)
        {
            Add(problems, InternalId($"{key}CurrencyIds:{code}", id, "a NetSuite currency internal id"));
        }

        problems.AddRange(Credentials(key, options, development));
        return problems;
    }

    public IErpConnector Create(string ledger, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var options = Bind(section);
        var attempt = TimeSpan.FromSeconds(options.TimeoutSeconds);

        var http = clients.CreateClient(NetSuiteServiceCollectionExtensions.HttpClientName);
        http.BaseAddress = ErpEndpoint.BaseAddress(options.RestRoot);

        // The per-attempt limit is the pipeline's; this bounds one call with its retries.
        http.Timeout = (attempt * 2) + TimeSpan.FromSeconds(5);

        var tokenHttp = clients.CreateClient(NetSuiteServiceCollectionExtensions.HttpClientName);
        tokenHttp.Timeout = attempt;
        var assertion = options.UsesCertificate ? NetSuiteClientAssertion.Load(options) : null;
        var fields = assertion is null
            ? ClientCredentialsTokenSource.ClientSecret(options.ClientId!, options.ClientSecret!, options.Scope)
            : _ => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ["client_assertion"] = assertion.Create(time.GetUtcNow()),
            });
        var tokens = new ClientCredentialsTokenSource(tokenHttp, new Uri(options.TokenUrl, UriKind.Absolute), fields, NetSuiteConnector.Erp, time);
        var owned = assertion is null ? new IDisposable[] { tokens } : [tokens, assertion];
        return new NetSuiteConnector(ledger, options, new ErpHttp(http, tokens, NetSuiteConnector.Erp), loggers.CreateLogger<NetSuiteConnector>(), owned);
    }

    /// <summary>True in the Development environment (plain http and loopback addresses allowed: emulators).</summary>
    public bool IsDevelopment => environment?.IsDevelopment() == true;

    private static NetSuiteOptions Bind(IConfigurationSection section)
    {
        var options = new NetSuiteOptions();
        section.Bind(options);
        return options;
    }

    private static IEnumerable<string> Credentials(string key, NetSuiteOptions options, bool development)
    {
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            yield return $"{key}ClientId is required (the client id of the NetSuite integration record).";
        }

        if (options.UsesCertificate)
        {
            string? problem = null;
            if (string.IsNullOrWhiteSpace(options.CertificatePath) && string.IsNullOrWhiteSpace(options.Certificate))
            {
                problem = $"{key}CertificatePath or {key}Certificate is required with {key}CertificateId: the private key that signs the JWT client assertion.";
            }
            else
            {
                try
                {
                    using var _ = NetSuiteClientAssertion.Load(options);
                }
                catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
                {
                    problem = $"{key}{(string.IsNullOrWhiteSpace(options.CertificatePath) ? "Certificate" : "CertificatePath")} cannot be used: {ex.Message}";
                }
            }

            if (problem is not null)
            {
                yield return problem;
            }
        }
        else if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            yield return $"{key}CertificateId is required: NetSuite's client credentials flow takes a JWT signed with the certificate mapped to the integration ({key}ClientSecret is for emulators in Development).";
        }
        else if (!development)
        {
            yield return $"{key}ClientSecret is accepted only in Development (emulators): NetSuite's client credentials flow takes a JWT signed with a certificate; set {key}CertificateId and {key}CertificatePath or {key}Certificate.";
        }
    }

    private static string? InternalId(string setting, string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? $"{setting} is required: {what}."
        : NetSuiteRecordJson.IsInternalId(value) ? null
        : $"{setting} '{value}' is not a NetSuite internal id (digits): {what}.";

    private static void Add(List<string> problems, string? problem)
    {
        if (problem is not null)
        {
            problems.Add(problem);
        }
    }
}
