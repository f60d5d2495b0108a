using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>Company access tokens for FIS: cached, refreshed before they expire, one refresh at a time.</summary>
/// <remarks>
/// <para>A singleton: the cache and the gate are shared by every typed <see cref="ConcurFisClient"/> instance.</para>
/// <para>Each refresh reads the last refresh token and geolocation from <see cref="IConcurTokenStore"/> (the configured
/// <c>CompanyRefreshToken</c> and <c>BaseUrl</c> before the first one, or once that setting changes), refreshes at the
/// geolocation, and saves what Concur returned, as Concur's guide asks: the returned refresh token replaces the stored one
/// every time, and the geolocation is the base URI of every later call.</para>
/// </remarks>
public sealed class ConcurTokenProvider(
    IHttpClientFactory httpClientFactory,
    IConcurTokenStore store,
    IOptions<ConcurFisOptions> options,
    TimeProvider timeProvider,
    ILogger<ConcurTokenProvider> logger)
    : IDisposable
{
    /// <summary>The named HttpClient used for the token endpoint.</summary>
    public const string HttpClientName = "ConcurToken";

    private readonly ConcurFisOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile CachedToken? _token;
    private volatile Uri? _geolocation;

    // A rotation Concur made that the store did not take: kept here and saved again on the next refresh.
    private ConcurStoredToken? _unsaved;

    /// <summary>The base URI of FIS calls: the token's geolocation once Concur named it, else the configured <c>BaseUrl</c>.</summary>
    public Uri ApiBaseUri => _geolocation ?? _options.GetBaseUri();

    /// <summary>A valid access token, from the cache unless it is within the refresh margin of expiry.</summary>
    public async ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken = default)
    {
        if (_token is { } cached && timeProvider.GetUtcNow() < cached.RefreshAt)
        {
            return cached.AccessToken;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Whoever held the gate before us may have refreshed already.
            if (_token is { } fresh && timeProvider.GetUtcNow() < fresh.RefreshAt)
            {
                return fresh.AccessToken;
            }

            var token = await RequestAsync(cancellationToken);
            _token = token;
            return token.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The base URI of FIS calls once a token is at hand (so the geolocation of a stored token is known).</summary>
    public async ValueTask<Uri> GetApiBaseUriAsync(CancellationToken cancellationToken = default)
    {
        await GetAccessTokenAsync(cancellationToken);
        return ApiBaseUri;
    }

    /// <summary>Drops the cached token after Concur answered 401; with <paramref name="rejectedToken"/>, only if it is still the cached one.</summary>
    public void Invalidate(string? rejectedToken = null)
    {
        // Several calls rejected with the same token must not each throw away the one a first caller has just fetched.
        var current = _token;
        if (current is not null && (rejectedToken is null || current.AccessToken == rejectedToken))
        {
            Interlocked.CompareExchange(ref _token, null, current);
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<CachedToken> RequestAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            throw new InvalidOperationException($"Concur FIS is disabled ({ConcurFisOptions.SectionName}:{nameof(ConcurFisOptions.Enabled)}).");
        }

        var seedHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_options.CompanyRefreshToken!)));
        var stored = _unsaved ?? await ReadStoredAsync(cancellationToken);
        if (stored is not null && stored.SeedHash != seedHash)
        {
            logger.LogInformation("{Setting} changed since the stored Concur refresh token was saved; using the configured one",
                $"{ConcurFisOptions.SectionName}:{nameof(ConcurFisOptions.CompanyRefreshToken)}");
            stored = null;
        }

        var refreshToken = stored?.RefreshToken ?? _options.CompanyRefreshToken!;
        var geolocation = Geolocation(stored?.Geolocation);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = _options.ClientId!,
            ["client_secret"] = _options.ClientSecret!,
            ["refresh_token"] = refreshToken,
        });

        // The guide: refresh at the token's geolocation; an explicit TokenUrl (an identity emulator) wins.
        var endpoint = string.IsNullOrWhiteSpace(_options.TokenUrl) && geolocation is not null
            ? new Uri(geolocation, "oauth2/v0/token")
            : _options.GetTokenEndpoint();
        var requestedAt = timeProvider.GetUtcNow();
        HttpResponseMessage response;
        try
        {
            var http = httpClientFactory.CreateClient(HttpClientName);
            response = await http.PostAsync(endpoint, form, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ConcurUnavailableException($"The Concur token endpoint {endpoint} is unreachable: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConcurUnavailableException($"The Concur token endpoint {endpoint} did not answer in time.", ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (ConcurHttp.IsTransient(response.StatusCode))
            {
                throw new ConcurUnavailableException(
                    $"The Concur token endpoint answered {(int)response.StatusCode}.", response.StatusCode, ConcurHttp.RetryAfter(response));
            }

            TokenJson? token = null;
            try
            {
                token = JsonSerializer.Deserialize<TokenJson>(body);
            }
            catch (JsonException)
            {
                // Reported below with the status; the body is not echoed, it may carry a token.
            }

            if (!response.IsSuccessStatusCode || string.IsNullOrEmpty(token?.AccessToken))
            {
                // error/error_description are Concur's words; the request's secrets are never part of the message.
                throw new ConcurFisException(
                    $"The Concur token endpoint refused the company refresh token ({(int)response.StatusCode}: {token?.Error ?? "no access_token"} {token?.ErrorDescription}). "
                    + $"Check {ConcurFisOptions.SectionName}:{nameof(ConcurFisOptions.ClientId)}, {nameof(ConcurFisOptions.ClientSecret)} and {nameof(ConcurFisOptions.CompanyRefreshToken)}"
                    + (stored is null ? "." : $" (the stored refresh token of {stored.SavedAt:u} was used; a new {nameof(ConcurFisOptions.CompanyRefreshToken)} replaces it)."),
                    serviceCode: null,
                    response.StatusCode);
            }

            var returnedGeolocation = Geolocation(token.Geolocation);
            if (token.Geolocation is { Length: > 0 } && returnedGeolocation is null)
            {
                logger.LogWarning("Concur returned a geolocation that is not an https URL; keeping {Base}", geolocation ?? _options.GetBaseUri());
            }

            _geolocation = returnedGeolocation ?? geolocation;
            await SaveAsync(
                new ConcurStoredToken(
                    string.IsNullOrEmpty(token.RefreshToken) ? refreshToken : token.RefreshToken, _geolocation?.AbsoluteUri, seedHash, timeProvider.GetUtcNow()),
                cancellationToken);

            var lifetime = TimeSpan.FromSeconds(token.ExpiresIn is > 0 ? token.ExpiresIn.Value : 3600);
            var margin = TimeSpan.FromSeconds(_options.TokenRefreshMarginSeconds);

            // A lifetime shorter than twice the margin would otherwise be refreshed on every call.
            var usable = lifetime > margin * 2 ? lifetime - margin : lifetime / 2;
            logger.LogInformation("Concur access token obtained at {Geolocation}, valid for {Lifetime}, refreshed after {Usable}", ApiBaseUri, lifetime, usable);
            return new CachedToken(token.AccessToken, requestedAt + usable);
        }
    }

    private async Task<ConcurStoredToken?> ReadStoredAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await store.ReadAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not the configured token instead: Concur may have replaced it, and the stored one is the one to use.
            throw new ConcurUnavailableException($"The Concur token store cannot be read now: {ex.Message}", ex);
        }
    }

    private async Task SaveAsync(ConcurStoredToken token, CancellationToken cancellationToken)
    {
        try
        {
            await store.SaveAsync(token, cancellationToken);
            _unsaved = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The access token is good; losing the rotated refresh token is not. Keep it and save again next refresh.
            _unsaved = token;
            logger.LogError(ex, "The Concur refresh token could not be saved to the token store; kept in memory and saved again on the next refresh");
        }
    }

    // Only https (http when BaseUrl is http, as for a local emulator): the bearer token goes there.
    private Uri? Geolocation(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && _options.GetBaseUri().Scheme == Uri.UriSchemeHttp))
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.UserInfo)
            ? new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/", UriKind.Absolute)
            : null;

    private sealed record CachedToken(string AccessToken, DateTimeOffset RefreshAt);

    private sealed class TokenJson
    {
        [JsonPropertyName("access_token")]
        public string? AccessToken { get; set; }

        [JsonPropertyName("expires_in")]
        [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
        public long? ExpiresIn { get; set; }

        [JsonPropertyName("refresh_token")]
        public string? RefreshToken { get; set; }

        [JsonPropertyName("geolocation")]
        public string? Geolocation { get; set; }

        [JsonPropertyName("error")]
        public string? Error { get; set; }

        [JsonPropertyName("error_description")]
        public string? ErrorDescription { get; set; }
    }
}
