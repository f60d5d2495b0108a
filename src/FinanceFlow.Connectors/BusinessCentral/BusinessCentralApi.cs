using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Reconciliation;

namespace FinanceFlow.Connectors.BusinessCentral;

/// <summary>An answer Business Central gave: the status and, for a refusal, its own error code and message.</summary>
internal sealed record BusinessCentralAnswer(HttpStatusCode Status, string Body)
{
    public bool Succeeded => (int)Status is >= 200 and < 300;

    /// <summary>Business Central's error body <c>{"error":{"code":"…","message":"…"}}</c> read as code and message.</summary>
    public (string? Code, string Message) Error => BusinessCentralApi.ReadError(Body, Status);
}

/// <summary>
/// The calls of one company in Business Central's API v2.0 over <see cref="ErpHttp"/>: paged reads (every page, following
/// <c>@odata.nextLink</c>) and writes. The resilience pipeline's own refusals (a broken circuit, an attempt out of time) are
/// classified like the rest: nothing sent is <see cref="ErpUnavailableException"/>, a write without an answer is <see cref="ErpOutcomeUnknownException"/>.
/// </summary>
internal sealed class BusinessCentralApi(ErpHttp http, string companyId, TimeSpan attemptTimeout)
{
    public const string Erp = "Business Central";

    /// <summary>A path under the company, e.g. <c>companies(…)/journals</c>.</summary>
    public string Company(string path) => $"companies({companyId})/{path}";

    /// <summary>An OData string literal (quotes doubled) for a <c>$filter</c>.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary><c> and postingDate ge … and postingDate le …</c> (OData date literals, unquoted) for a window; empty for none.</summary>
    public static string PostingDates(LedgerWindow? window) => window is { } w
        ? string.Create(CultureInfo.InvariantCulture, $" and postingDate ge {w.From:yyyy-MM-dd} and postingDate le {w.To:yyyy-MM-dd}")
        : string.Empty;

    /// <summary>Every entity a collection read returns, across pages.</summary>
    /// <exception cref="ErpUnavailableException">Not readable, including a refusal of the query (Business Central's code named).</exception>
    public async Task<IReadOnlyList<JsonElement>> ListAsync(string path, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        Uri? next = new(path, UriKind.Relative);
        while (next is not null)
        {
            var page = next;
            var answer = await SendAsync(() => Request(HttpMethod.Get, page, null), write: false, cancellationToken);
            if (!answer.Succeeded)
            {
                var (code, message) = answer.Error;
                throw new ErpUnavailableException(string.Create(
                    CultureInfo.InvariantCulture, $"{Erp} refused the read GET {page} ({(int)answer.Status} {code}): {message}"));
            }

            try
            {
                using var json = JsonDocument.Parse(answer.Body);
                items.AddRange(json.RootElement.GetProperty("value").EnumerateArray().Select(e => e.Clone()));
                next = json.RootElement.TryGetProperty("@odata.nextLink", out var link) && link.GetString() is { Length: > 0 } href ? new Uri(href, UriKind.RelativeOrAbsolute) : null;
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or UriFormatException)
            {
                throw new ErpUnavailableException($"{Erp} answered GET {page} with a body FinanceFlow cannot read: {ex.Message}", ex);
            }
        }

        return items;
    }

    /// <summary>Sends a write (create, action, delete); 2xx and business refusals come back as the answer.</summary>
    public Task<BusinessCentralAnswer> WriteAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync(() => Request(method, new Uri(path, UriKind.Relative), body, headers), write: true, cancellationToken);

    internal static (string? Code, string Message) ReadError(string body, HttpStatusCode status)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("error", out var error))
            {
                return (error.TryGetProperty("code", out var code) ? code.GetString() : null, error.TryGetProperty("message", out var message) ? message.GetString() ?? body : body);
            }
        }
        catch (JsonException)
        {
            // Not Business Central's error shape: the raw body says what there is.
        }

        return (null, string.IsNullOrWhiteSpace(body) ? string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)status}") : body.Length > 500 ? body[..500] + "…" : body);
    }

    private HttpRequestMessage Request(HttpMethod method, Uri uri, JsonNode? body, IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Options.Set(ErpResilience.AttemptTimeout, attemptTimeout);
        request.Headers.Accept.ParseAdd("application/json");
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private async Task<BusinessCentralAnswer> SendAsync(Func<HttpRequestMessage> request, bool write, CancellationToken cancellationToken)
    {
        using var response = write ? await http.WriteAsync(request, cancellationToken) : await http.ReadAsync(request, cancellationToken);
        return new BusinessCentralAnswer(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }
}
