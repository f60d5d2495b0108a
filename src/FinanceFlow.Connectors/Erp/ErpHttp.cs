using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FinanceFlow.Connectors.Erp;

/// <summary>
/// One ERP's HTTP calls with the classification every connector shares: the bearer token (renewed once on a 401), and what a
/// failure means. A read that fails is <see cref="ErpUnavailableException"/>. A write that certainly did not reach the ERP
/// (no connection, 408, 429) is <see cref="ErpUnavailableException"/>; one whose answer never came (timeout, reset, 5xx) is
/// <see cref="ErpOutcomeUnknownException"/>, settled by a read by reference before anything is sent again. Refused credentials
/// (401 twice, 403) are <see cref="ErpAuthenticationException"/>. The <see cref="ErpResilience"/> pipeline's refusals read the
/// same way: an open circuit as not sent, an attempt past its time limit as a timeout. Every other answer (2xx, and 4xx business rejections) is
/// returned for the connector to read in the ERP's own terms.
/// </summary>
/// <param name="erp">The ERP's name for messages, e.g. <c>Business Central</c>.</param>
/// <param name="tokens">Null when the ERP takes no bearer token (e.g. basic authentication set on the client).</param>
public sealed class ErpHttp(HttpClient http, IErpTokenSource? tokens, string erp)
{
    public string Erp => erp;

    public Uri? BaseAddress => http.BaseAddress;

    /// <summary>Sends a read (or an idempotent write such as an upsert by external id, whose repeat cannot duplicate).</summary>
    public Task<HttpResponseMessage> ReadAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken) =>
        SendAsync(request, write: false, cancellationToken);

    /// <summary>Sends a create: a lost answer is <see cref="ErpOutcomeUnknownException"/>, never a reason to send again.</summary>
    public Task<HttpResponseMessage> WriteAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken) =>
        SendAsync(request, write: true, cancellationToken);

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, bool write, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var message = request();
            var token = tokens is null ? null : await tokens.GetTokenAsync(cancellationToken);
            if (token is not null)
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            var what = $"{message.Method} {message.RequestUri}";
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(message, cancellationToken);
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError)
            {
                throw new ErpUnavailableException($"{erp} at {http.BaseAddress} could not be reached ({what}): {ex.Message}", ex);
            }
            catch (HttpRequestException ex)
            {
                throw write
                    ? new ErpOutcomeUnknownException($"The connection to {erp} failed after {what} was sent ({ex.Message}); it may have been written.", ex)
                    : new ErpUnavailableException($"The connection to {erp} failed during {what}: {ex.Message}", ex);
            }
            catch (BrokenCircuitException ex)
            {
                // The resilience pipeline's circuit is open: the request never left.
                throw new ErpUnavailableException($"Not sent: calls to {erp} at {http.BaseAddress} are paused after repeated failures ({what}).", ex);
            }
            catch (TimeoutRejectedException ex)
            {
                // One attempt's time limit (ErpResilience.AttemptTimeout) ran out: the same as no answer within the client's own.
                var limit = ex.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
                throw write
                    ? new ErpOutcomeUnknownException($"{erp} did not answer {what} within {limit} s; it may have been written.", ex)
                    : new ErpUnavailableException($"{erp} did not answer {what} within {limit} s.", ex);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                var after = http.Timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
                throw write
                    ? new ErpOutcomeUnknownException($"{erp} did not answer {what} within {after} s; it may have been written.", ex)
                    : new ErpUnavailableException($"{erp} did not answer {what} within {after} s.", ex);
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized && token is not null && attempt == 1)
            {
                // An expired or revoked token: the request was not processed, so one more try with a fresh token is safe.
                response.Dispose();
                tokens!.Invalidate(token);
                continue;
            }

            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                using (response)
                {
                    var body = await Excerpt(response, cancellationToken);
                    throw new ErpAuthenticationException(string.Create(
                        CultureInfo.InvariantCulture, $"{erp} refused FinanceFlow's credentials for {what} ({(int)response.StatusCode} {response.ReasonPhrase}): {body}"));
                }
            }

            if (response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
            {
                using (response)
                {
                    var excerpt = await Excerpt(response, cancellationToken);
                    var status = string.Create(
                        CultureInfo.InvariantCulture, $"{erp} answered {(int)response.StatusCode} {response.ReasonPhrase} to {what}{RetryAfter(response)}: {excerpt}");
                    throw write && (int)response.StatusCode >= 500
                        ? new ErpOutcomeUnknownException(status + "; it may have been written.")
                        : new ErpUnavailableException(status);
                }
            }

            return response;
        }
    }

    private static string RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => string.Create(CultureInfo.InvariantCulture, $" (retry after {delta.TotalSeconds:0} s)"),
        { Date: { } date } => string.Create(CultureInfo.InvariantCulture, $" (retry after {date:O})"),
        _ => string.Empty,
    };

    private static async Task<string> Excerpt(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return body.Length > 500 ? body[..500] + "…" : body;
    }
}
