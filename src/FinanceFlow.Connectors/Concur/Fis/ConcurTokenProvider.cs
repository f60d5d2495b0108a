using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>Company access tokens for FIS: cached, refreshed before they expire, one refresh at a time.</summary>
/// <remarks>A singleton: the cache and the gate are shared by every typed <see cref="ConcurFisClient"/> instance.</remarks>
public sealed class ConcurTokenProvider(
    IHttpClientFactory httpClientFactory, IOptions<ConcurFisOptions> options, TimeProvider timeProvider, ILogger<ConcurTokenProvider> logger)
    : IDisposable
{
    /// <summary>The named HttpClient used for the token endpoint.</summary>
    public const string HttpClientName = "ConcurToken";

    private readonly ConcurFisOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile CachedToken? _token;
    private string? _refreshToken;

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

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = _options.ClientId!,
            ["client_secret"] = _options.ClientSecret!,
            ["refresh_token"] = _refreshToken ?? _options.CompanyRefreshToken!,
        });
        var endpoint = _options.GetTokenEndpoint();
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
                    + $"Check {ConcurFisOptions.SectionName}:{nameof(ConcurFisOptions.ClientId)}, {nameof(ConcurFisOptions.ClientSecret)} and {nameof(ConcurFisOptions.CompanyRefreshToken)}.",
                    serviceCode: null,
                    response.StatusCode);
            }

            if (!string.IsNullOrEmpty(token.RefreshToken) && token.RefreshToken != (_refreshToken ?? _options.CompanyRefreshToken))
            {
                // Kept for this process only: the configured one stays valid until Concur's refresh_expires_in.
                _refreshToken = token.RefreshToken;
                logger.LogInformation("Concur issued a new company refresh token; update {Setting} before the configured one expires",
                    $"{ConcurFisOptions.SectionName}:{nameof(ConcurFisOptions.CompanyRefreshToken)}");
            }

            var lifetime = TimeSpan.FromSeconds(token.ExpiresIn is > 0 ? token.ExpiresIn.Value : 3600);
            var margin = TimeSpan.FromSeconds(_options.TokenRefreshMarginSeconds);

            // A lifetime shorter than twice the margin would otherwise be refreshed on every call.
            var usable = lifetime > margin * 2 ? lifetime - margin : lifetime / 2;
            logger.LogInformation("Concur access token obtained, valid for {Lifetime}, refreshed after {Usable}", lifetime, usable);
            return new CachedToken(token.AccessToken, requestedAt + usable);
        }
    }

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

        [JsonPropertyName("error")]
        public string? Error { get; set; }

        [JsonPropertyName("error_description")]
        public string? ErrorDescription { get; set; }
    }
}
