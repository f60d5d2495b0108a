using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using FinanceFlow.Connectors.Erp;

namespace FinanceFlow.Connectors.S4Hana;

/// <summary>
/// OData V2 reads (JSON, <c>d.results</c>): journal entry items from API_OPLACCTGDOCITEMCUBE_SRV and G/L accounts from
/// API_JOURNALENTRYITEMBASIC_SRV. Pages with <c>$top</c>/<c>$skip</c>, and follows <c>__next</c> where the server pages itself.
/// Every failure is <see cref="ErpUnavailableException"/>: a read changes nothing.
/// </summary>
public sealed class S4HanaODataReads(ErpHttp http, S4HanaOptions options)
{
    private const int MaxPages = 10_000;

    /// <summary>The items of the company code's journal entries matching <paramref name="filter"/> (ANDed with the company code).</summary>
    public async Task<IReadOnlyList<S4HanaDocumentItem>> ItemsAsync(string filter, CancellationToken cancellationToken)
    {
        var query = $"$filter={Uri.EscapeDataString($"CompanyCode eq {Literal(options.CompanyCode)} and {filter}")}"
            + $"&$select={S4HanaDocumentItem.Select}&$orderby={Uri.EscapeDataString("FiscalYear,AccountingDocument,AccountingDocumentItem")}";
        var rows = await PagesAsync(Path(options.ODataPath, "A_OperationalAcctgDocItemCube"), query, cancellationToken);
        return [.. rows.Select(Read)];

        S4HanaDocumentItem Read(JsonElement row)
        {
            try
            {
                return S4HanaDocumentItem.Read(row);
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or InvalidOperationException)
            {
                throw new ErpUnavailableException($"SAP S/4HANA answered a journal entry item FinanceFlow cannot read: {ex.Message}", ex);
            }
        }
    }

    /// <summary>
    /// The items matching <paramref name="filter"/> (ANDed with the company code), each with its clearing (ClearingAccountingDocument,
    /// ClearingDocFiscalYear, ClearingDate, ClearingIsReversed) and the item it refers to (InvoiceReference, InvoiceReferenceFiscalYear,
    /// InvoiceItemReference).
    /// </summary>
    public async Task<IReadOnlyList<S4HanaPaymentItem>> PaymentItemsAsync(string filter, CancellationToken cancellationToken)
    {
        var query = $"$filter={Uri.EscapeDataString($"CompanyCode eq {Literal(options.CompanyCode)} and {filter}")}&$select={S4HanaPaymentItem.Select}"
            + $"&$orderby={Uri.EscapeDataString("FiscalYear,AccountingDocument,AccountingDocumentItem")}";
        var rows = await PagesAsync(Path(options.ODataPath, "A_OperationalAcctgDocItemCube"), query, cancellationToken);
        try
        {
            return [.. rows.Select(S4HanaPaymentItem.Read)];
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidOperationException)
        {
            throw new ErpUnavailableException($"SAP S/4HANA answered a journal entry item FinanceFlow cannot read as a payment: {ex.Message}", ex);
        }
    }

    /// <summary>An OData V2 Edm.DateTime literal of a date, <c>datetime'2026-03-01T00:00:00'</c>.</summary>
    public static string DateLiteral(DateOnly date) => $"datetime'{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}T00:00:00'";

    /// <summary>The G/L accounts of the chart of accounts that can be posted to (not blocked for posting, not marked for deletion).</summary>
    public async Task<IReadOnlyList<string>> AccountsAsync(CancellationToken cancellationToken)
    {
        var chart = string.IsNullOrWhiteSpace(options.ChartOfAccounts) ? await ChartOfAccountsAsync(cancellationToken) : options.ChartOfAccounts;
        var query = $"$filter={Uri.EscapeDataString($"ChartOfAccounts eq {Literal(chart)}")}"
            + "&$select=GLAccount,AccountIsBlockedForPosting,AccountIsMarkedForDeletion&$orderby=GLAccount";
        var rows = await PagesAsync(Path(options.GLAccountODataPath, "A_GLAccountInChartOfAccounts"), query, cancellationToken);
        return [.. rows
            .Where(r => !Flag(r, "AccountIsBlockedForPosting") && !Flag(r, "AccountIsMarkedForDeletion"))
            .Select(r => r.TryGetProperty("GLAccount", out var account) ? account.GetString() : null)
            .Where(a => !string.IsNullOrWhiteSpace(a))
            .Select(a => S4HanaBooks.Normalize(a!))
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>An OData string literal: quoted, a quote doubled.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private async Task<string> ChartOfAccountsAsync(CancellationToken cancellationToken)
    {
        var uri = new Uri($"{Path(options.GLAccountODataPath, $"A_CompanyCode({Uri.EscapeDataString(Literal(options.CompanyCode))})")}?$select=ChartOfAccounts&$format=json", UriKind.Relative);
        using var json = await GetAsync(uri, cancellationToken);
        return json.RootElement.TryGetProperty("d", out var d) && d.TryGetProperty("ChartOfAccounts", out var chart) && chart.GetString() is { Length: > 0 } value
            ? value
            : throw new ErpUnavailableException($"SAP S/4HANA named no chart of accounts for company code {options.CompanyCode}.");
    }

    private async Task<List<JsonElement>> PagesAsync(string path, string query, CancellationToken cancellationToken)
    {
        // Client pages of $top rows; within one, the server may page itself (__next) until it has given the $top rows.
        var rows = new List<JsonElement>();
        var pageSize = options.PageSize;
        var pages = 0;
        for (var skip = 0; ; skip += pageSize)
        {
            var inPage = 0;
            for (Uri? next = Page(path, query, pageSize, skip); next is not null; pages++)
            {
                if (pages == MaxPages)
                {
                    throw new ErpUnavailableException($"SAP S/4HANA's {path} did not stop paging after {MaxPages} pages.");
                }

                using var json = await GetAsync(next, cancellationToken);
                if (!json.RootElement.TryGetProperty("d", out var d) || !d.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
                {
                    throw new ErpUnavailableException($"SAP S/4HANA answered {path} without d.results.");
                }

                foreach (var row in results.EnumerateArray())
                {
                    rows.Add(row.Clone());
                    inPage++;
                }

                next = d.TryGetProperty("__next", out var link) && link.GetString() is { Length: > 0 } nextLink ? NextLink(nextLink) : null;
            }

            if (inPage < pageSize)
            {
                return rows;
            }
        }
    }

    private async Task<JsonDocument> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var response = await http.ReadAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, uri) { Headers = { Accept = { new MediaTypeWithQualityHeaderValue("application/json") } } };
                request.Options.Set(ErpResilience.AttemptTimeout, TimeSpan.FromSeconds(options.TimeoutSeconds));
                return request;
            },
            cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ErpUnavailableException(string.Create(
                CultureInfo.InvariantCulture, $"SAP S/4HANA answered {(int)response.StatusCode} {response.ReasonPhrase} to GET {uri}: {S4HanaODataError.Message(body)}"));
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new ErpUnavailableException($"SAP S/4HANA answered GET {uri} with a body FinanceFlow cannot read: {ex.Message}", ex);
        }
    }

    private Uri NextLink(string link)
    {
        // __next is absolute or relative to the service; it must stay on the tenant FinanceFlow authenticates to.
        var uri = Uri.TryCreate(link, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? absolute : new Uri(http.BaseAddress!, link);
        return http.BaseAddress is { } root && Uri.Compare(uri, root, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            ? uri
            : throw new ErpUnavailableException($"SAP S/4HANA's next page {link} is on another host than {http.BaseAddress}.");
    }

    private static Uri Page(string path, string query, int top, int skip) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{path}?{query}&$top={top}&$skip={skip}&$format=json"), UriKind.Relative);

    private static string Path(string servicePath, string entitySet) => servicePath.Trim('/') + "/" + entitySet;

    private static bool Flag(JsonElement row, string name) => row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
