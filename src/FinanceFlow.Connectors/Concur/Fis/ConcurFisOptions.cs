using System.ComponentModel.DataAnnotations;

namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>The <c>FinanceFlow:Sources:concur:Fis</c> section: where the Financial Integration Service is and how FinanceFlow signs in.</summary>
/// <remarks>
/// FIS takes company-level access tokens only. FinanceFlow gets them with the company refresh-token grant of Concur's
/// OAuth2 endpoint (<c>grant_type=refresh_token</c> with the app's client id and secret and the company's refresh token),
/// which is how Concur issues company tokens to an app that a company has connected.
/// </remarks>
public sealed class ConcurFisOptions : IValidatableObject
{
    public const string SectionName = "FinanceFlow:Sources:concur:Fis";

    /// <summary>Off by default: with it off nothing is required and the client refuses to call Concur.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The company's data-center API host, e.g. <c>https://us2.api.concursolutions.com</c>, used until Concur names the token's
    /// <c>geolocation</c>; from then on calls, refreshes and event hrefs follow the geolocation.
    /// </summary>
    [Url]
    public string? BaseUrl { get; set; }

    /// <summary>The OAuth2 token endpoint; <c>{BaseUrl}/oauth2/v0/token</c> when empty.</summary>
    [Url]
    public string? TokenUrl { get; set; }

    /// <summary>The app's OAuth2 client id; required when <see cref="Enabled"/>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The app's OAuth2 client secret; required when <see cref="Enabled"/>, never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// The company refresh token Concur issued when the company connected the app; required when <see cref="Enabled"/>, never
    /// logged. Used until the first refresh; then the one Concur returned last, kept in <see cref="TokenStore"/>, unless this
    /// setting changes (a new connection).
    /// </summary>
    public string? CompanyRefreshToken { get; set; }

    /// <summary>Where the rotated refresh token and its geolocation are kept.</summary>
    public ConcurTokenStoreOptions TokenStore { get; set; } = new();

    /// <summary>FinanceFlow's <c>systemId</c> in acknowledgements and confirmations (Concur matches them: service code 99); may be empty.</summary>
    [StringLength(50)]
    public string SystemId { get; set; } = "";

    /// <summary>Per-request time limit; a request that takes longer is a transient failure.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>A token is refreshed this long before Concur says it expires.</summary>
    [Range(0, 3600)]
    public int TokenRefreshMarginSeconds { get; set; } = 60;

    /// <summary>
    /// When to poll the FIS document list for documents whose event never came: NCRONTAB with seconds. Unset: the self-host does not
    /// poll; the Functions timer needs the setting to exist and polls only when <see cref="Enabled"/>.
    /// </summary>
    public string? PollSchedule { get; set; }

    /// <summary>Documents asked for per page of the document list (<c>limit</c>).</summary>
    [Range(1, 1000)]
    public int ListPageSize { get; set; } = 100;

    /// <summary>Pages read at most in one walk of the document list; the rest waits for the next poll.</summary>
    [Range(1, 1000)]
    public int ListMaxPages { get; set; } = 20;

    // Methods, not properties: the data-annotation validator reads every property, also when BaseUrl is not set.

    /// <summary>The token endpoint actually used.</summary>
    public Uri GetTokenEndpoint() =>
        new(string.IsNullOrWhiteSpace(TokenUrl) ? GetBaseUri() + "oauth2/v0/token" : TokenUrl, UriKind.Absolute);

    /// <summary><see cref="BaseUrl"/> as an absolute URI ending with a slash.</summary>
    public Uri GetBaseUri() => string.IsNullOrWhiteSpace(BaseUrl)
        ? throw new InvalidOperationException($"{SectionName}:{nameof(BaseUrl)} is not set.")
        : new(BaseUrl.EndsWith('/') ? BaseUrl : BaseUrl + "/", UriKind.Absolute);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        foreach (var (name, value) in new[]
        {
            (nameof(BaseUrl), BaseUrl),
            (nameof(ClientId), ClientId),
            (nameof(ClientSecret), ClientSecret),
            (nameof(CompanyRefreshToken), CompanyRefreshToken),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return new ValidationResult($"{SectionName}:{name} is required when {SectionName}:{nameof(Enabled)} is true.", [name]);
            }
        }

        if (!string.IsNullOrWhiteSpace(TokenStore.KeyVaultUri)
            && (!Uri.TryCreate(TokenStore.KeyVaultUri, UriKind.Absolute, out var vault) || vault.Scheme != "https"))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(TokenStore)}:{nameof(ConcurTokenStoreOptions.KeyVaultUri)} must be an absolute https URL, e.g. https://myvault.vault.azure.net/.",
                [nameof(TokenStore)]);
        }

        if (!string.IsNullOrWhiteSpace(BaseUrl)
            && (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("https" or "http")))
        {
            yield return new ValidationResult($"{SectionName}:{nameof(BaseUrl)} must be an absolute http(s) URL.", [nameof(BaseUrl)]);
        }
    }
}
