using System.Globalization;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Posting;
using FinanceFlow.Core.Reconciliation;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.Connectors.BusinessCentral;

/// <summary>
/// Posts journals to one Business Central company (API v2.0), as journal lines or as purchase invoices: what the journal's entity
/// asks for (<see cref="JournalEntry.PostingObject"/>), else the ledger's <see cref="BusinessCentralMode"/>; finds them again by our reference, reads them back for the reconciliation, lists the chart of accounts and attaches receipts to
/// posted purchase invoices (journal postings have no document to take them in API v2.0).
/// </summary>
public sealed class BusinessCentralConnector : IErpConnector, IErpLedgerReader, IErpChartOfAccounts, IErpAttachments, IErpPayments, IDisposable
{
    /// <summary>Operations in one <c>$batch</c> (Business Central online allows 100).</summary>
    public const int MaxLines = 100;

    private const int AccountNumberLength = 20;

    private readonly BusinessCentralOptions _options;
    private readonly BusinessCentralApi _api;
    private readonly BusinessCentralJournal _journal;
    private readonly BusinessCentralInvoices _invoices;
    private readonly BusinessCentralAttachments _attachments;

    internal BusinessCentralConnector(string ledger, BusinessCentralOptions options, ErpHttp http, ILogger logger)
    {
        _options = options;
        _api = new BusinessCentralApi(http, options.CompanyId, TimeSpan.FromSeconds(options.TimeoutSeconds));
        _journal = new BusinessCentralJournal(_api, options, logger);
        _invoices = new BusinessCentralInvoices(_api, options, logger);
        _attachments = new BusinessCentralAttachments(_api, logger);
        Name = "businesscentral:" + ledger;
        Endpoint = http.BaseAddress;
    }

    public string Name { get; }

    /// <summary>The API root this connector posts to.</summary>
    public Uri? Endpoint { get; }

    /// <summary>True: G/L entries, journal lines and purchase invoices are read from the company's own tables, with no lag.</summary>
    public bool HasAuthoritativeLookup => true;

    public async Task<ErpPostingResult> PostAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (Problem(entry) is { } problem)
        {
            return new ErpPostingResult(false, null, "Not sent to Business Central: " + problem);
        }

        return AsInvoice(entry)
            ? await _invoices.PostAsync(entry, cancellationToken)
            : await _journal.PostAsync(entry, cancellationToken);
    }

    /// <summary>
    /// A journal: the posted G/L entries under the entry's document number. Lines still waiting unposted in the journal batch
    /// are not "found": the next <see cref="PostAsync"/> posts them instead of creating new ones. A purchase invoice: the
    /// posted invoice with our vendor invoice number (a draft is not found either; <see cref="PostAsync"/> posts it). The object the
    /// entity books now is read first, then the other one: a report posted before its entity switched is found either way (the
    /// poster reads here before it sends anything again, so it is not posted a second time as the other object).
    /// </summary>
    public async Task<ErpDocumentLookup> FindDocumentAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var asked = await FindAsync(entry, AsInvoice(entry), cancellationToken);
        return asked.Found ? asked : await FindAsync(entry, !AsInvoice(entry), cancellationToken);
    }

    private async Task<ErpDocumentLookup> FindAsync(JournalEntry entry, bool invoice, CancellationToken cancellationToken)
    {
        if (invoice)
        {
            return await _invoices.FindAsync(entry, cancellationToken);
        }

        var posted = await _journal.PostedAsync(BusinessCentralReference.DocumentNumber(entry.ExternalReference), cancellationToken);
        if (posted.Count == 0)
        {
            return ErpDocumentLookup.NotFound(authoritative: true);
        }

        var differences = BookedEntry.Differences(BusinessCentralBooks.Ours(entry), BusinessCentralBooks.Theirs(posted[0], _options.LocalCurrency));
        return new ErpDocumentLookup(posted[0][0].DocumentNumber, posted.Count, differences, Authoritative: true);
    }

    /// <summary>
    /// Every posted transaction whose document number starts <c>FF-</c> (journals) and every posted invoice whose vendor invoice number does
    /// (entities booking purchase invoices), under our full reference: both are read whatever the ledger's mode.
    /// </summary>
    public Task<IReadOnlyList<ErpLedgerTransaction>> ListFinanceFlowTransactionsAsync(CancellationToken cancellationToken) => ListAsync(null, cancellationToken);

    /// <summary>The same, with the posting dates in <paramref name="window"/> in the API's <c>$filter</c>, read page by page.</summary>
    public Task<IReadOnlyList<ErpLedgerTransaction>> ListFinanceFlowTransactionsAsync(LedgerWindow window, CancellationToken cancellationToken) => ListAsync(window, cancellationToken);

    private async Task<IReadOnlyList<ErpLedgerTransaction>> ListAsync(LedgerWindow? window, CancellationToken cancellationToken)
    {
        var invoices = await _invoices.ListPostedAsync(window, cancellationToken);
        var entries = await _api.ListAsync(
            _api.Company("generalLedgerEntries?$filter=" + Uri.EscapeDataString(
                $"startswith(documentNumber,{BusinessCentralApi.Literal(LedgerReconciliation.ReferencePrefix)})" + BusinessCentralApi.PostingDates(window))),
            cancellationToken);
        return [.. BusinessCentralBooks.Transactions(entries.Select(Read(BusinessCentralBooks.LedgerEntry))).Select(t => BusinessCentralBooks.Reconciled(t, _options.LocalCurrency)), .. invoices];
    }

    /// <summary>A purchase invoice when the journal's entity books vendor bills, a journal when it books journal entries, else the ledger's mode.</summary>
    private bool AsInvoice(JournalEntry entry) => entry.PostingObject switch
    {
        PostingObject.VendorBill => true,
        PostingObject.JournalEntry => false,
        _ => _options.Mode == BusinessCentralMode.PurchaseInvoice,
    };

    /// <summary>
    /// True: a posted purchase invoice says whether it is paid, and any entity of the company may book them. Journals post G/L entries,
    /// which carry no payment status: a report posted as a journal is marked paid through the payment route.
    /// </summary>
    public bool HasPaymentStatus => true;

    /// <summary>Our posted purchase invoices (of every vendor) whose status is <c>Paid</c>, last modified on or after <paramref name="since"/>.</summary>
    public async Task<ErpPaymentRead> ListPaymentsAsync(DateOnly since, CancellationToken cancellationToken) =>
        await _invoices.ListPaidAsync(since, cancellationToken);

    /// <summary>The numbers of the G/L accounts lines can post to: <c>accounts</c> of type Posting that are not blocked.</summary>
    public async Task<IReadOnlyList<string>> ListAccountsAsync(CancellationToken cancellationToken)
    {
        var accounts = await _api.ListAsync(_api.Company("accounts"), cancellationToken);
        return [.. accounts
            .Where(a => a.TryGetProperty("accountType", out var type) && type.GetString() == "Posting")
            .Where(a => !(a.TryGetProperty("blocked", out var blocked) && blocked.ValueKind == System.Text.Json.JsonValueKind.True))
            .Select(a => a.GetProperty("number").GetString() ?? string.Empty)
            .Where(n => n.Length > 0)];
    }

    /// <summary>True: purchase invoices take files, and any entity of the company may book them.</summary>
    public bool TakesFiles => true;

    /// <summary>Only posted purchase invoices take files through API v2.0; a posted journal has no document to hang them on.</summary>
    public bool TakesFilesFor(JournalEntry entry) => AsInvoice(entry);

    /// <summary>
    /// The file onto the posted purchase invoice through <c>documentAttachments</c>, once per file name (Business Central takes the file
    /// type from the name's extension, so <paramref name="contentType"/> is not sent). A posted journal: refused, since API v2.0 has no
    /// document for it (the pipeline does not ask: <see cref="TakesFilesFor"/>).
    /// </summary>
    public Task AttachAsync(ErpConfirmation document, string fileName, string contentType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        return _attachments.AttachAsync(document, fileName, content, cancellationToken);
    }

    public void Dispose() => _journal.Dispose();

    private string? Problem(JournalEntry entry)
    {
        if (!entry.IsBalanced)
        {
            return string.Create(
                CultureInfo.InvariantCulture, $"the entry does not balance (debits {entry.TotalDebit} {entry.Currency}, credits {entry.TotalCredit} {entry.Currency}, {entry.Lines.Count} lines).");
        }

        if (!string.Equals(entry.Currency, _options.LocalCurrency, StringComparison.OrdinalIgnoreCase))
        {
            return $"the entry is in {entry.Currency}, and this company posts in its local currency {_options.LocalCurrency} (API v2.0 journal lines carry no currency).";
        }

        if (entry.Lines.Count > MaxLines)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the entry has {entry.Lines.Count} lines; one $batch takes at most {MaxLines}.");
        }

        return entry.Lines.FirstOrDefault(l => string.IsNullOrWhiteSpace(l.Account) || l.Account.Length > AccountNumberLength) is { } bad
            ? $"account '{bad.Account}' is not a G/L account number (Code[20])."
            : null;
    }

    private static Func<System.Text.Json.JsonElement, BusinessCentralLine> Read(Func<System.Text.Json.JsonElement, BusinessCentralLine> read) => e =>
    {
        try
        {
            return read(e);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ErpUnavailableException($"Business Central answered an entry FinanceFlow cannot read: {ex.Message}", ex);
        }
    };
}
