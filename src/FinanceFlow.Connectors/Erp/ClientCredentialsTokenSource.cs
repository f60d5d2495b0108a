using System.Globalization;
using System.Net;
using System.Text.Json;

namespace FinanceFlow.Connectors.Erp;

/// <summary>
/// OAuth 2.0 client credentials (RFC 6749 §4.4) against a token endpoint: NetSuite and S/4HANA in Azure, and any ERP's identity
/// emulator in Development. The form's credential fields come from <paramref name="credentialFields"/> (a client secret, or a
/// signed client assertion), so one cache serves both. A token is reused until a minute before it expires.
/// </summary>
/// <param name="erp">The ERP's name, for messages.</param>
public sealed class ClientCredentialsTokenSource(
    HttpClient http,
    Uri tokenEndpoint,
    Func<CancellationToken, Task<IReadOnlyDictionary<string, string>>> credentialFields,
    string erp,
    TimeProvider time) : IErpTokenSource, IDisposable
{
    private static readonly TimeSpan EarlyRenewal = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset ExpiresAt)? _cached;

    /// <summary>The form fields of a client secret: <c>client_id</c>, <c>client_secret</c> and, when set, <c>scope</c>.</summary>
    public static Func<CancellationToken, Task<IReadOnlyDictionary<string, string>>> ClientSecret(string clientId, string clientSecret, string? scope) => _ =>
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["client_id"] = clientId, ["client_secret"] = clientSecret };
        if (!string.IsNullOrWhiteSpace(scope))
        {
            fields["scope"] = scope;
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(fields);
    };

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } token)
        {
            return token;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } again)
            {
                return again;
            }

            var fields = new Dictionary<string, string>(await credentialFields(cancellationToken), StringComparer.Ordinal) { ["grant_type"] = "client_credentials" };
            using var content = new FormUrlEncodedContent(fields);
            HttpResponseMessage response;
            try
            {
                response = await http.PostAsync(tokenEndpoint, content, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new ErpUnavailableException($"The {erp} token endpoint {tokenEndpoint} could not be reached: {ex.Message}", ex);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ErpUnavailableException($"The {erp} token endpoint {tokenEndpoint} did not answer in time.", ex);
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    throw new ErpAuthenticationException($"The {erp} token endpoint refused our credentials ({(int)response.StatusCode}): {OAuthError(body)}");
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new ErpUnavailableException(string.Create(CultureInfo.InvariantCulture, $"The {erp} token endpoint answered {(int)response.StatusCode}."));
                }

                var (accessToken, lifetime) = Read(body, erp);
                _cached = (accessToken, time.GetUtcNow() + lifetime);
                return accessToken;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate(string token)
    {
        if (_cached is { } cached && cached.Token == token)
        {
            _cached = null;
        }
    }

    public void Dispose() => _gate.Dispose();

    private string? Fresh() => _cached is { } cached && cached.ExpiresAt - EarlyRenewal > time.GetUtcNow() ? cached.Token : null;

    private static (string Token, TimeSpan Lifetime) Read(string body, string erp)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var token = root.GetProperty("access_token").GetString();
            if (string.IsNullOrEmpty(token))
            {
                throw new ErpAuthenticationException($"The {erp} token endpoint answered without an access_token.");
            }

            // expires_in is a number in RFC 6749; some servers send it as a string.
            var seconds = root.TryGetProperty("expires_in", out var expires)
                ? expires.ValueKind == JsonValueKind.Number ? expires.GetInt32() : int.Parse(expires.GetString() ?? "3600", CultureInfo.InvariantCulture)
                : 3600;
            return (token, TimeSpan.FromSeconds(Math.Clamp(seconds, 60, 86_400)));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new ErpAuthenticationException($"The {erp} token endpoint answered a token FinanceFlow cannot read: {ex.Message}", ex);
        }
    }

    private static string OAuthError(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var error = json.RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
            var description = json.RootElement.TryGetProperty("error_description", out var d) ? d.GetString() : null;
            return string.Join(": ", new[] { error, description }.Where(s => !string.IsNullOrWhiteSpace(s)));
        }
        catch (JsonException)
        {
            return body.Length > 300 ? body[..300] : body;
        }
    }
}
