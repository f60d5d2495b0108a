using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using FinanceFlow.Connectors.Erp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.Connectors.S4Hana;

/// <summary>Validates an S/4HANA ledger's settings and builds its <see cref="S4HanaConnector"/>.</summary>
public sealed class S4HanaConnectorFactory(IHttpClientFactory clients, TimeProvider time, ILoggerFactory loggers) : IErpConnectorFactory
{
    /// <summary>The named client with the resilience pipeline (retries for reads only).</summary>
    public const string HttpClientName = "FinanceFlow.Erp.S4Hana";

    /// <summary>The token endpoint's client (OAuth 2.0 client credentials), without retries: the token source reports failures itself.</summary>
    public const string TokenClientName = "FinanceFlow.Erp.S4Hana.Token";

    public ErpKind Kind => ErpKind.S4Hana;

    public IReadOnlyList<string> Validate(string ledger, IConfigurationSection section, bool development)
    {
        ArgumentNullException.ThrowIfNull(section);
        var key = section.Path;
        S4HanaOptions options;
        try
        {
            options = section.Get<S4HanaOptions>() ?? new S4HanaOptions();
        }
        catch (InvalidOperationException ex)
        {
            return [$"{key} cannot be read: {ex.Message}"];
        }

        var problems = new List<string?>
        {
            ErpEndpoint.Problem($"{key}:BaseUrl", options.BaseUrl, development),
            Text($"{key}:CompanyCode", options.CompanyCode, 4, required: true),
            Text($"{key}:AccountingDocumentType", options.AccountingDocumentType, 5, required: true),
            Text($"{key}:CreatedByUser", options.CreatedByUser, 12, required: true),
            Text($"{key}:ChartOfAccounts", options.ChartOfAccounts, 4, required: false),
            ServicePath($"{key}:SoapPath", options.SoapPath),
            ServicePath($"{key}:ODataPath", options.ODataPath),
            ServicePath($"{key}:GLAccountODataPath", options.GLAccountODataPath),
            string.IsNullOrWhiteSpace(options.ClientId) ? $"{key}:ClientId (the communication user of arrangement SAP_COM_0002) is required." : null,
            string.IsNullOrWhiteSpace(options.ClientSecret) ? $"{key}:ClientSecret (the communication user's password, from Key Vault) is required." : null,
            string.IsNullOrWhiteSpace(options.TokenEndpoint) ? null : ErpEndpoint.Problem($"{key}:TokenEndpoint", options.TokenEndpoint, development),
            string.IsNullOrWhiteSpace(options.LaunchpadUrl) ? null : ErpEndpoint.Problem($"{key}:LaunchpadUrl", options.LaunchpadUrl, development),
            options.TimeoutSeconds is < 1 or > 600 ? Invariant($"{key}:TimeoutSeconds {options.TimeoutSeconds} is outside 1–600.") : null,
            options.PageSize is < 1 or > 5000 ? Invariant($"{key}:PageSize {options.PageSize} is outside 1–5000.") : null,
        };
        return [.. problems.OfType<string>()];
    }

    public IErpConnector Create(string ledger, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var options = section.Get<S4HanaOptions>() ?? new S4HanaOptions();
        var http = clients.CreateClient(HttpClientName);
        http.BaseAddress = ErpEndpoint.BaseAddress(options.BaseUrl);
        http.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        IErpTokenSource? tokens = null;
        if (string.IsNullOrWhiteSpace(options.TokenEndpoint))
        {
            // Basic authentication of the communication user, on every request of this client.
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ClientId}:{options.ClientSecret}"));
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        }
        else
        {
            var tokenHttp = clients.CreateClient(TokenClientName);
            tokenHttp.Timeout = http.Timeout;
            tokens = new ClientCredentialsTokenSource(
                tokenHttp,
                new Uri(options.TokenEndpoint, UriKind.Absolute),
                ClientCredentialsTokenSource.ClientSecret(options.ClientId!, options.ClientSecret!, options.Scope),
                S4HanaConnector.Erp,
                time);
        }

        return new S4HanaConnector(new ErpHttp(http, tokens, S4HanaConnector.Erp), options, ledger, time, loggers.CreateLogger<S4HanaConnector>());
    }

    private static string? Text(string key, string? value, int maxLength, bool required) =>
        string.IsNullOrWhiteSpace(value)
            ? required ? $"{key} is required." : null
            : value.Length > maxLength ? Invariant($"{key} '{value}' is longer than {maxLength} characters.") : null;

    private static string? ServicePath(string key, string? value) =>
        string.IsNullOrWhiteSpace(value) || !value.StartsWith('/') || value.Contains("://", StringComparison.Ordinal)
            ? $"{key} '{value}' is not a path on the API host (it starts with /)."
            : null;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
