using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>The FIS document list (Get Financial Transactions), walked by its <c>next</c> links.</summary>
public sealed partial class ConcurFisClient
{
    /// <summary>
    /// GETs the documents Concur offers for <paramref name="docType"/> (not yet acknowledged), following the <c>next</c> link page by page
    /// until there is none, <see cref="ConcurFisOptions.ListMaxPages"/> pages were read or a page comes again.
    /// </summary>
    /// <exception cref="ConcurUnavailableException">Concur is down, slow or throttling (5xx, 408, 429, timeouts).</exception>
    /// <exception cref="ConcurFisException">Concur refused a page, answered something unreadable, or a <c>next</c> link leaves the FIS host.</exception>
    public async Task<ConcurDocumentList> ListReadyDocumentsAsync(string docType, CancellationToken cancellationToken = default)
    {
        var configured = CheckEnabled();
        CheckDocType(docType);
        docType = docType.ToLowerInvariant();
        var baseUri = await tokens.GetApiBaseUriAsync(cancellationToken);
        Uri? next = new(baseUri, $"financialintegration/fi/v4/companies/transactiontypes/{docType}/transactions?limit={_options.ListPageSize}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var documents = new List<ConcurListedDocument>();
        var pages = 0;
        while (next is not null)
        {
            if (!seen.Add(next.AbsoluteUri))
            {
                logger.LogWarning("Concur's {DocType} document list links back to {Href}, a page read before: the walk stops after {Pages} pages", docType, next, pages);
                break;
            }

            if (pages == _options.ListMaxPages)
            {
                logger.LogWarning(
                    "Concur's {DocType} document list has more than {MaxPages} pages ({Setting}); the rest waits for the next walk",
                    docType, pages, $"{ConcurFisOptions.SectionName}:{nameof(ConcurFisOptions.ListMaxPages)}");
                break;
            }

            if (!IsOnFisHost(next))
            {
                // The link comes from the answer: the bearer token goes only to the configured Concur host or the token's geolocation.
                throw new ConcurFisException(
                    $"Refused to follow the {docType} document list to {next}: it is not on the configured FIS host {configured.GetLeftPart(UriPartial.Authority)} nor the token's geolocation {tokens.ApiBaseUri.GetLeftPart(UriPartial.Authority)}.");
            }

            var page = await GetPageAsync(next, docType, cancellationToken);
            pages++;
            documents.AddRange(page.Documents);
            if (page.Self is { } self)
            {
                seen.Add(self.AbsoluteUri);
            }

            next = page.Next;
        }

        logger.LogInformation("Listed {Count} Concur {DocType} documents on {Pages} pages", documents.Count, docType, pages);
        return new ConcurDocumentList(docType, documents, pages, Complete: next is null);
    }

    /// <summary>
    /// The href an <c>{docType}.readyForIntegration</c> event carries for <paramref name="docId"/> (the report or cash advance id): the
    /// document list on the token's geolocation, queried by <c>docId</c>.
    /// </summary>
    public async Task<Uri> DocumentHrefAsync(string docType, string docId, CancellationToken cancellationToken = default)
    {
        _ = CheckEnabled();
        CheckDocType(docType);
        ArgumentException.ThrowIfNullOrWhiteSpace(docId);
        var baseUri = await tokens.GetApiBaseUriAsync(cancellationToken);
        return new Uri(baseUri, $"financialintegration/fi/v4/companies/transactiontypes/{docType.ToLowerInvariant()}/transactions?docId={Uri.EscapeDataString(docId)}");
    }

    private async Task<ConcurDocumentListPage> GetPageAsync(Uri href, string docType, CancellationToken cancellationToken)
    {
        var operation = $"GET {docType} document list";
        using var response = await SendAsync(() => JsonGet(href), operation, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        ConcurHttp.ThrowIfFailed(response, text, operation);
        ConcurDocumentListPage page;
        try
        {
            page = ConcurDocumentListPage.Read(text, docType, href);
        }
        catch (JsonException ex)
        {
            throw new ConcurFisException($"Concur's answer to {operation} ({href}) is not readable JSON: {ex.Message} Body: {ConcurHttp.Excerpt(text)}", ex);
        }

        if (page.Skipped > 0)
        {
            logger.LogWarning("{Skipped} documents of the Concur {DocType} list page {Href} carry no id and were left out", page.Skipped, docType, href);
        }

        return page;
    }
}
