using System.Globalization;
using System.Net;
using System.Text;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Posting;
using FinanceFlow.Core.Reconciliation;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.Connectors.S4Hana;

/// <summary>
/// Posts journals to SAP S/4HANA Cloud through the synchronous JournalEntryCreateRequestConfirmation_In SOAP service
/// (SAP_COM_0002), and reads them back by DocumentReferenceID through API_OPLACCTGDOCITEMCUBE_SRV. Before every send it looks
/// the reference up, so an entry SAP already holds is never sent again. That read may lag behind a posting, so it is not
/// authoritative (unless <see cref="S4HanaOptions.AuthoritativeLookup"/>): a send whose answer was lost waits in doubt.
/// </summary>
public sealed class S4HanaConnector(ErpHttp http, S4HanaOptions options, string ledger, TimeProvider time, ILogger<S4HanaConnector> logger)
    : IErpConnector, IErpLedgerReader, IErpChartOfAccounts, IErpPayments
{
    public const string Erp = "SAP S/4HANA";

    private readonly S4HanaODataReads _reads = new(http, options);
    private readonly S4HanaPayments _payments = new(new S4HanaODataReads(http, options));

    public string Name { get; } = "s4hana:" + ledger;

    public bool HasAuthoritativeLookup => options.AuthoritativeLookup;

    /// <summary>The tenant and company code: ledgers sharing both are one ledger for the reconciliation.</summary>
    public string Endpoint => $"{http.BaseAddress?.AbsoluteUri.TrimEnd('/').ToLowerInvariant()}#{options.CompanyCode}";

    /// <summary>Posts a journal entry; one whose entity books vendor bills is posted the same way, with a warning (this connector books no supplier invoices).</summary>
    public async Task<ErpPostingResult> PostAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return JournalEntriesOnly.Noted(entry, await SendAsync(entry, cancellationToken), Erp);
    }

    private async Task<ErpPostingResult> SendAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        if (S4HanaJournalRequest.Problem(entry) is { } problem)
        {
            return new ErpPostingResult(false, null, $"Not sent to {Erp}: {problem}");
        }

        // Find before create: SAP has no upsert and no duplicate check on DocumentReferenceID for G/L postings.
        var found = await FindAsync(entry, cancellationToken);
        if (found.Count > 0)
        {
            var document = found[0];
            var differences = BookedEntry.Differences(S4HanaBooks.Ours(entry), S4HanaBooks.Theirs(document));
            if (differences.Count > 0)
            {
                return ErpPostingResult.Rejected(
                    Erp, "duplicate", $"journal entry {document.DocumentNumber} already carries reference {entry.ExternalReference} and books something else: {string.Join("; ", differences)}.");
            }

            logger.LogWarning("{Reference} is already in {Erp} as {Document}; not sent again", entry.ExternalReference, Erp, document.DocumentNumber);
            return new ErpPostingResult(true, document.DocumentNumber, null, Confirmation(document.DocumentNumber, document.FiscalYear, document.PostingDate));
        }

        var now = time.GetUtcNow();
        var body = S4HanaJournalRequest.Build(entry, options, S4HanaJournalRequest.MessageId(entry, now), now);
        using var response = await http.WriteAsync(() => Request(body), cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        return Result(entry, response.StatusCode, answer);
    }

    public async Task<ErpDocumentLookup> FindDocumentAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var found = await FindAsync(entry, cancellationToken);
        if (found.Count == 0)
        {
            return ErpDocumentLookup.NotFound(HasAuthoritativeLookup);
        }

        var differences = BookedEntry.Differences(S4HanaBooks.Ours(entry), S4HanaBooks.Theirs(found[0]));
        return new ErpDocumentLookup(found[0].DocumentNumber, found.Count, differences, HasAuthoritativeLookup);
    }

    /// <summary>Every journal entry of the company code whose reference, recovered from DocumentReferenceID and item texts, starts <c>FF-</c>.</summary>
    public Task<IReadOnlyList<ErpLedgerTransaction>> ListFinanceFlowTransactionsAsync(CancellationToken cancellationToken) => ListAsync(null, cancellationToken);

    /// <summary>The same, with the posting dates in <paramref name="window"/> in the OData <c>$filter</c> (Edm.DateTime literals), read page by page.</summary>
    public Task<IReadOnlyList<ErpLedgerTransaction>> ListFinanceFlowTransactionsAsync(LedgerWindow window, CancellationToken cancellationToken) => ListAsync(window, cancellationToken);

    private async Task<IReadOnlyList<ErpLedgerTransaction>> ListAsync(LedgerWindow? window, CancellationToken cancellationToken)
    {
        // Both forms of our DocumentReferenceID start FF: the reference itself (FF-…) or FF and its hash.
        var dates = window is { } w
            ? string.Create(CultureInfo.InvariantCulture, $" and PostingDate ge datetime'{w.From:yyyy-MM-dd}T00:00:00' and PostingDate le datetime'{w.To:yyyy-MM-dd}T00:00:00'")
            : string.Empty;
        var rows = await _reads.ItemsAsync("startswith(DocumentReferenceID,'FF')" + dates, cancellationToken);
        return [.. S4HanaBooks.Documents(rows)
            .Where(d => d.Reference is { } reference && reference.StartsWith(LedgerReconciliation.ReferencePrefix, StringComparison.Ordinal))
            .Select(d => new ErpLedgerTransaction(
                d.Reference!,
                d.PostingDate,
                d.HeaderText,
                d.Items.Where(i => i.Amount > 0).GroupBy(i => i.Currency, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(i => i.Amount), StringComparer.Ordinal)))];
    }

    /// <summary>True: every ledger of this kind has a readable payment status.</summary>
    public bool HasPaymentStatus => true;

    /// <summary>
    /// Payments as SAP records them on the payable (our entry's credit items), dated on or after <paramref name="since"/>: its clearing,
    /// and the part payments and residual items that refer to it through InvoiceReference, netted so that each payment journal entry is one
    /// payment of what it actually paid (<see cref="S4HanaPayments"/>).
    /// </summary>
    public Task<ErpPaymentRead> ListPaymentsAsync(DateOnly since, CancellationToken cancellationToken) => _payments.ListAsync(since, cancellationToken);

    /// <summary>The G/L accounts of the company code's chart of accounts open for posting (API_JOURNALENTRYITEMBASIC_SRV).</summary>
    public Task<IReadOnlyList<string>> ListAccountsAsync(CancellationToken cancellationToken) => _reads.AccountsAsync(cancellationToken);

    private async Task<IReadOnlyList<S4HanaJournalEntryRead>> FindAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        var reference = entry.ExternalReference;
        var id = S4HanaReference.DocumentReferenceId(reference);
        var rows = await _reads.ItemsAsync($"DocumentReferenceID eq {S4HanaODataReads.Literal(id)}", cancellationToken);

        // An entry whose item texts were edited keeps our DocumentReferenceID: still ours. One that recovers another reference is not.
        return [.. S4HanaBooks.Documents(rows).Where(d => d.Reference is null || d.Reference == reference)];
    }

    private HttpRequestMessage Request(string body)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(
            $"application/soap+xml; charset=utf-8; action=\"{S4HanaJournalRequest.SoapAction}\"");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.SoapPath.TrimStart('/'), UriKind.Relative)) { Content = content };
        request.Options.Set(ErpResilience.AttemptTimeout, TimeSpan.FromSeconds(options.TimeoutSeconds));
        return request;
    }

    private ErpPostingResult Result(JournalEntry entry, HttpStatusCode status, string answer)
    {
        S4HanaConfirmation confirmation;
        try
        {
            confirmation = S4HanaConfirmation.Parse(answer);
        }
        catch (FormatException ex)
        {
            var excerpt = answer.Length > 300 ? answer[..300] + "…" : answer;
            if ((int)status is >= 200 and < 300)
            {
                // SAP answered, but not in a shape that says whether it posted.
                throw new ErpOutcomeUnknownException($"{Erp} answered {(int)status} with a body FinanceFlow cannot read ({ex.Message}): {excerpt}; it may have been posted.", ex);
            }

            return ErpPostingResult.Rejected(Erp, ((int)status).ToString(CultureInfo.InvariantCulture), $"the service answered {(int)status}: {excerpt}");
        }

        if (confirmation.IsFault)
        {
            // A SOAP 1.2 Sender fault comes with 400: the request was refused, nothing posted. A Receiver fault is a 500, which ErpHttp
            // already raised as an unknown outcome.
            return ErpPostingResult.Rejected(Erp, confirmation.FaultCode, confirmation.FaultReason ?? "SOAP fault");
        }

        if (confirmation.MaximumSeverity >= S4HanaConfirmation.Termination)
        {
            throw new ErpUnavailableException($"{Erp} terminated the posting of {entry.ExternalReference} and rolled it back: {Join(confirmation.Items(S4HanaConfirmation.Termination))}");
        }

        if (confirmation.MaximumSeverity == S4HanaConfirmation.Error)
        {
            var errors = confirmation.Items(S4HanaConfirmation.Error);
            return ErpPostingResult.Rejected(Erp, errors.FirstOrDefault(e => e.TypeId is not null)?.TypeId, Join(errors));
        }

        if (!confirmation.HasDocument)
        {
            throw new ErpOutcomeUnknownException($"{Erp} confirmed {entry.ExternalReference} without a journal entry number: {Join(confirmation.Log)}");
        }

        var number = S4HanaDocumentNumber.Format(confirmation.AccountingDocument!, confirmation.CompanyCode ?? options.CompanyCode, confirmation.FiscalYear!);
        var warnings = confirmation.Items(S4HanaConfirmation.Warning).Select(w => $"{Erp} warning {w}").ToList();
        logger.LogInformation("Posted {Reference} to {Erp} as {Document}", entry.ExternalReference, Erp, number);
        return new ErpPostingResult(true, number, null, Confirmation(number, confirmation.FiscalYear!, entry.AccountingDate), warnings.Count > 0 ? warnings : null);
    }

    private ErpConfirmation Confirmation(string number, string fiscalYear, DateOnly postingDate)
    {
        var parts = number.Split('/');
        var link = string.IsNullOrWhiteSpace(options.LaunchpadUrl)
            ? null
            : new Uri($"{options.LaunchpadUrl.TrimEnd('/')}/ui#AccountingDocument-manage?AccountingDocument={parts[0]}&CompanyCode={parts[1]}&FiscalYear={parts[2]}");
        return new ErpConfirmation(number, fiscalYear, postingDate, link);
    }

    private static string Join(IEnumerable<S4HanaLogItem> items) => string.Join("; ", items.Distinct().Select(i => i.ToString()));
}
