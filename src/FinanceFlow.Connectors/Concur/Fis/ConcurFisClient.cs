using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>Typed client for SAP Concur's Financial Integration Service v4: list, fetch, acknowledge, confirm posting and payment.</summary>
/// <remarks>
/// <para>Retries: this client does not retry transient faults. It throws <see cref="ConcurUnavailableException"/> for 5xx, 408,
/// 429, timeouts, network failures and service code 199, and the Durable <c>RetryPolicy</c> on the calling activity is the one
/// retry layer. That holds for the POSTs too: Concur dedups them by document id (101 already acknowledged, 113 posting
/// already confirmed, 213 payment already confirmed), which this client returns as duplicates, so a retried POST cannot act twice.
/// The only repeat inside the client is one retry after a 401, with a fresh token.</para>
/// <para>Not retryable: <see cref="ConcurDocumentNotFoundException"/> and <see cref="ConcurFisException"/>.</para>
/// </remarks>
public sealed partial class ConcurFisClient(HttpClient http, ConcurTokenProvider tokens, IOptions<ConcurFisOptions> options, ILogger<ConcurFisClient> logger)
{
    private const string Success = "SUCCESS";
    private const int PreviouslyAcknowledged = ConcurServiceCodes.PreviouslyAcknowledged;
    private const int TryAgainLater = ConcurServiceCodes.TryAgainLater;

    private readonly ConcurFisOptions _options = options.Value;

    /// <summary>
    /// True when <paramref name="href"/> is on the configured FIS host or the token's geolocation (scheme, host and port): the only
    /// places the bearer token goes.
    /// </summary>
    public bool IsOnFisHost(Uri href)
    {
        ArgumentNullException.ThrowIfNull(href);
        return Uri.TryCreate(_options.BaseUrl, UriKind.Absolute, out var baseUri) && href.IsAbsoluteUri
            && (SameHost(href, baseUri) || SameHost(href, tokens.ApiBaseUri));
    }

    /// <summary>GETs the document an event's <c>facts.href</c> points at and returns Concur's JSON as received, for the caller to store first.</summary>
    /// <exception cref="ConcurFisException">The href is not on the configured FIS host, or Concur refused the request.</exception>
    public async Task<byte[]> GetDocumentAsync(Uri href, CancellationToken cancellationToken = default)
    {
        var baseUri = CheckEnabled();
        if (!IsOnFisHost(href))
        {
            // The href comes from an inbound event: the bearer token goes only to the configured Concur host.
            throw new ConcurFisException(
                $"Refused to fetch {href}: it is not on the configured FIS host {baseUri.GetLeftPart(UriPartial.Authority)} ({ConcurFisOptions.SectionName}:{nameof(ConcurFisOptions.BaseUrl)}) nor the token's geolocation {tokens.ApiBaseUri.GetLeftPart(UriPartial.Authority)}.");
        }

        var operation = "GET document";
        using var response = await SendAsync(() => JsonGet(href), operation, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ConcurDocumentNotFoundException($"Concur FIS has no document at {href} (404).", href);
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        ConcurHttp.ThrowIfFailed(response, body.Length == 0 ? "" : System.Text.Encoding.UTF8.GetString(body), operation);
        if (ConcurHttp.IsEmptyPage(body))
        {
            throw new ConcurDocumentNotFoundException(
                $"Concur FIS returned no document for {href}: it is not ready, already acknowledged or recalled.", href);
        }

        logger.LogInformation("Fetched Concur document {Href} ({Bytes} bytes)", href, body.Length);
        return body;
    }

    /// <summary>POSTs …/transactions/acknowledgements for one document; a document acknowledged before is a duplicate, not an error.</summary>
    /// <exception cref="ConcurFisException">Concur refused it (e.g. 102 recalled, 103 not ready, 104 does not exist), with its code and message.</exception>
    public async Task<ConcurAcknowledgement> AcknowledgeAsync(string docType, string documentId, CancellationToken cancellationToken = default)
    {
        var item = await PostAsync(docType, "acknowledgements", ConcurFisWire.Acknowledge(documentId, _options.SystemId), documentId, cancellationToken);
        if (item.Code == 0 && IsSuccess(item.AcknowledgeResult))
        {
            logger.LogInformation("Acknowledged Concur {DocType} document {DocumentId}", docType, documentId);
            return ConcurAcknowledgement.Acknowledged;
        }

        if (item.Code == PreviouslyAcknowledged)
        {
            logger.LogInformation("Concur {DocType} document {DocumentId} was acknowledged before: {Message}", docType, documentId, item.Message);
            return ConcurAcknowledgement.AlreadyAcknowledged;
        }

        throw item.Code == TryAgainLater
            ? new ConcurUnavailableException($"Concur could not acknowledge {docType} document {documentId} now (code 199): {item.Message}")
            : new ConcurFisException(
                $"Concur refused the acknowledgement of {docType} document {documentId}: {item.AcknowledgeResult} code {item.Code}: {item.Message}", item.Code);
    }

    /// <summary>POSTs …/transactions/postingconfirmations for one document and maps Concur's per-document answer.</summary>
    public async Task<ConcurConfirmationResult> ConfirmPostingAsync(
        string docType, ConcurPostingConfirmation confirmation, CancellationToken cancellationToken = default)
    {
        var body = ConcurFisWire.Posting(confirmation, _options.SystemId);
        var item = await PostAsync(docType, "postingconfirmations", body, confirmation.DocumentId, cancellationToken);
        return Map(item, confirmation.DocumentId, item.PostingConfirmationResult, $"posting confirmation of {docType}");
    }

    /// <summary>POSTs …/transactions/paymentconfirmations for one document and maps Concur's per-document answer.</summary>
    public async Task<ConcurConfirmationResult> ConfirmPaymentAsync(
        string docType, ConcurPaymentConfirmation confirmation, CancellationToken cancellationToken = default)
    {
        var body = ConcurFisWire.Payment(confirmation, _options.SystemId);
        var item = await PostAsync(docType, "paymentconfirmations", body, confirmation.DocumentId, cancellationToken);
        return Map(item, confirmation.DocumentId, item.PaymentConfirmationResult, $"payment confirmation of {docType}");
    }

    private ConcurConfirmationResult Map(ConcurFisWire.ResultItemJson item, string documentId, string? result, string operation)
    {
        var word = result?.Trim().ToUpperInvariant() ?? "";
        if (item.Code == TryAgainLater || word == "SYSTEM_ERROR_OCCURRED")
        {
            throw new ConcurUnavailableException($"Concur could not take the {operation} document {documentId} now ({word} code {item.Code}): {item.Message}");
        }

        // The code decides before the word: 298 is refused even when its word is NOOP (see ConcurServiceCodes).
        var outcome = (item.Code, word) switch
        {
            (ConcurServiceCodes.Success, Success or "") => ConcurConfirmationOutcome.Confirmed,
            (ConcurServiceCodes.InvalidPaymentRequest, _) => ConcurConfirmationOutcome.Rejected,
            (ConcurServiceCodes.PostingAlreadyConfirmed or ConcurServiceCodes.PaymentAlreadyConfirmed, _) or (_, "NOOP") => ConcurConfirmationOutcome.AlreadyConfirmed,
            (ConcurServiceCodes.NotAcknowledged, _) or (_, "NOT_YET_ACKNOWLEDGED") => ConcurConfirmationOutcome.NotAcknowledged,
            (_, "NOT_POSTING_CONFIRMED") => ConcurConfirmationOutcome.NotPostingConfirmed,
            (ConcurServiceCodes.Recalled, _) or (_, "WAS_RECALLED") => ConcurConfirmationOutcome.Recalled,
            (ConcurServiceCodes.DocumentNotFound, _) or (_, "DOCUMENT_NOT_FOUND") => ConcurConfirmationOutcome.DocumentNotFound,
            _ => ConcurConfirmationOutcome.Rejected,
        };
        var level = outcome is ConcurConfirmationOutcome.Confirmed or ConcurConfirmationOutcome.AlreadyConfirmed ? LogLevel.Information : LogLevel.Warning;
        logger.Log(level, "Concur answered the {Operation} document {DocumentId}: {Outcome} ({Result} code {Code}) {Message}",
            operation, documentId, outcome, word, item.Code, item.Message);
        return new ConcurConfirmationResult(item.DocId ?? documentId, outcome, item.Code, word, item.Message, item.PaymentRef);
    }

    private async Task<ConcurFisWire.ResultItemJson> PostAsync<T>(
        string docType, string action, T body, string documentId, CancellationToken cancellationToken)
    {
        _ = CheckEnabled();
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        CheckDocType(docType);

        // The token's geolocation, once known: Concur's guide has every call made there.
        var baseUri = await tokens.GetApiBaseUriAsync(cancellationToken);
        var uri = new Uri(baseUri, $"financialintegration/fi/v4/companies/transactiontypes/{docType.ToLowerInvariant()}/transactions/{action}");
        var operation = $"POST {action}";
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body, options: ConcurFisWire.Options) },
            operation,
            cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        ConcurHttp.ThrowIfFailed(response, text, operation);
        ConcurFisWire.ResultItemJson[]? items;
        try
        {
            items = JsonSerializer.Deserialize<ConcurFisWire.ResultItemJson[]>(text, ConcurFisWire.Options);
        }
        catch (JsonException ex)
        {
            throw new ConcurFisException($"Concur's answer to {operation} for document {documentId} is not readable JSON: {ex.Message} Body: {ConcurHttp.Excerpt(text)}", ex);
        }

        var match = items?.FirstOrDefault(i => string.Equals(i.DocId, documentId, StringComparison.OrdinalIgnoreCase))
            ?? (items is [var only] ? only : null);
        return match ?? throw new ConcurFisException($"Concur's answer to {operation} has no result for document {documentId}: {ConcurHttp.Excerpt(text)}");
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, string operation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var token = await tokens.GetAccessTokenAsync(cancellationToken);
            using var request = create();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new ConcurUnavailableException($"Concur FIS is unreachable for {operation}: {ex.Message}", ex);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ConcurUnavailableException($"Concur FIS did not answer {operation} within {_options.TimeoutSeconds} s.", ex);
            }

            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                return response;
            }

            response.Dispose();
            if (attempt > 1)
            {
                throw new ConcurFisException(
                    $"Concur FIS rejected a freshly issued token for {operation} (401): check the app's FISVC scope and the company connection.",
                    serviceCode: null,
                    HttpStatusCode.Unauthorized);
            }

            logger.LogInformation("Concur FIS answered 401 to {Operation}; refreshing the token and trying once more", operation);
            tokens.Invalidate(token);
        }
    }

    private static bool SameHost(Uri href, Uri host) =>
        string.Equals(href.Scheme, host.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(href.IdnHost, host.IdnHost, StringComparison.OrdinalIgnoreCase) && href.Port == host.Port;

    private static void CheckDocType(string docType)
    {
        if (string.IsNullOrWhiteSpace(docType) || !docType.All(char.IsAsciiLetter))
        {
            throw new ArgumentException($"'{docType}' is not an FIS document type (expense, cashadvance, invoice…).", nameof(docType));
        }
    }

    private static bool IsSuccess(string? result) => string.Equals(result?.Trim(), Success, StringComparison.OrdinalIgnoreCase);

    private Uri CheckEnabled() => _options.Enabled
        ? _options.GetBaseUri()
        : throw new InvalidOperationException($"Concur FIS is disabled ({ConcurFisOptions.SectionName}:{nameof(ConcurFisOptions.Enabled)}).");

    /// <summary>A GET of FIS JSON: the document format header Concur reads, and JSON accepted.</summary>
    private static HttpRequestMessage JsonGet(Uri href)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, href);
        request.Headers.Add("DocumentFormatAs", "json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }
}
