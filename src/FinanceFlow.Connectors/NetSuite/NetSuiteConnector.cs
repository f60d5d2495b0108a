using System.Globalization;
using System.Net;
using System.Text.Json;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Reconciliation;
using Microsoft.Extensions.Logging;

namespace FinanceFlow.Connectors.NetSuite;

/// <summary>
/// Posts journals to NetSuite's REST record API, as the record the journal's entity asks for (<c>journalEntry</c> or a <c>vendorBill</c>
/// drawn on the employee as a vendor; the ledger's <see cref="NetSuiteOptions.Mode"/> when the journal does not say), as an upsert on the external id (<c>PUT record/v1/{type}/eid:{externalId}</c>),
/// after reading that external id first: a record already there with the same books is ours (not written again), one with
/// other books is refused, never overwritten. Reads by external id are NetSuite's own records, so look-ups are authoritative.
/// The reconciliation, the payment sync and the chart of accounts read through SuiteQL.
/// </summary>
public sealed class NetSuiteConnector : IErpConnector, IErpLedgerReader, IErpChartOfAccounts, IErpPayments, IDisposable
{
    public const string Erp = "NetSuite";

    /// <summary>The rejection code of a record under our external id that books something else.</summary>
    public const string LedgerDiffers = "LEDGER_DIFFERS";

    private readonly NetSuiteOptions _options;
    private readonly ErpHttp _http;
    private readonly NetSuiteSuiteQl _suiteQl;
    private readonly ILogger _logger;
    private readonly string _setting;
    private readonly IDisposable[] _owned;

    internal NetSuiteConnector(string ledger, NetSuiteOptions options, ErpHttp http, ILogger logger, params IDisposable[] owned)
    {
        _options = options;
        _http = http;
        _logger = logger;
        _owned = owned;
        _setting = $"FinanceFlow:Erp:Ledgers:{ledger}:";
        _suiteQl = new NetSuiteSuiteQl(http, options);
        Name = "netsuite:" + ledger;
    }

    public string Name { get; }

    /// <summary>True: a GET by external id reads NetSuite's records, so "not found" means not there.</summary>
    public bool HasAuthoritativeLookup => true;

    public async Task<ErpPostingResult> PostAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var options = _options.For(entry);
        if (NetSuiteRecordJson.Problem(entry, options, _setting) is { } problem)
        {
            return new ErpPostingResult(false, null, "Not sent to NetSuite: " + problem);
        }

        var externalId = NetSuiteExternalId.For(entry.ExternalReference);
        using (var existing = await ReadByExternalIdAsync(options, externalId, cancellationToken))
        {
            if (existing is not null)
            {
                return Existing(entry, options, externalId, existing.RootElement);
            }
        }

        // replace= makes a repeat of this PUT (a lost answer retried) replace the lines instead of adding them again.
        var body = NetSuiteRecordJson.Serialize(entry, options);
        var path = $"record/v1/{RecordType(options)}/eid:{externalId}?replace={NetSuiteRecordJson.Sublist(options.Mode)}";
        using var response = await _http.WriteAsync(() => NetSuiteRequest.Create(HttpMethod.Put, path, body, options), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = NetSuiteError.Read(await response.Content.ReadAsStringAsync(cancellationToken));
            _logger.LogWarning("NetSuite refused {Reference} ({Status} {Code}): {Detail}", entry.ExternalReference, (int)response.StatusCode, error.Code, error.Detail);
            return ErpPostingResult.Rejected(Erp, error.Code, error.Detail);
        }

        var internalId = response.Headers.Location?.AbsolutePath.Split('/')[^1];
        return await ConfirmAsync(entry, options, externalId, internalId, cancellationToken);
    }

    /// <summary>
    /// The record of the type the journal is written as (its entity's posting object, else the ledger's mode) under its external id; when
    /// there is none, the record of the other type (written before the entity switched; the poster reads here before it sends anything
    /// again, so it is not written a second time as the other record).
    /// </summary>
    public async Task<ErpDocumentLookup> FindDocumentAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var options = _options.For(entry);
        var asked = await FindAsync(entry, options, cancellationToken);
        return asked.Found ? asked : await FindAsync(entry, options.Other(entry), cancellationToken);
    }

    private async Task<ErpDocumentLookup> FindAsync(JournalEntry entry, NetSuiteOptions options, CancellationToken cancellationToken)
    {
        var externalId = NetSuiteExternalId.For(entry.ExternalReference);
        using var record = await ReadByExternalIdAsync(options, externalId, cancellationToken);
        if (record is null)
        {
            return ErpDocumentLookup.NotFound(authoritative: true);
        }

        var root = record.RootElement;
        var confirmation = NetSuiteRecordJson.Confirmation(root, InternalId(root), options);

        // An external id is unique per record type: one record at most.
        return new ErpDocumentLookup(confirmation.DocumentNumber, 1, Read(() => NetSuiteRecordJson.Differences(entry, root, options), externalId), Authoritative: true);
    }

    public Task<IReadOnlyList<ErpLedgerTransaction>> ListFinanceFlowTransactionsAsync(CancellationToken cancellationToken) =>
        _suiteQl.FinanceFlowTransactionsAsync(cancellationToken);

    public Task<IReadOnlyList<ErpLedgerTransaction>> ListFinanceFlowTransactionsAsync(LedgerWindow window, CancellationToken cancellationToken) =>
        _suiteQl.FinanceFlowTransactionsAsync(window, cancellationToken);

    /// <summary>
    /// True in both modes: NetSuite links a payment to what it pays (a bill payment applied to our vendor bill, or to our journal
    /// entry's A/P line); a journal whose payable is cleared by another plain journal has no such link and is paid through the payment route.
    /// </summary>
    public bool HasPaymentStatus => true;

    /// <summary>
    /// Payments applied to our journal entries and vendor bills, dated on or after <paramref name="since"/>, read through SuiteQL
    /// (<see cref="NetSuiteSuiteQl.PaymentsQuery"/>): each payment separately with what it applied, so part payments are seen one by one.
    /// </summary>
    public Task<ErpPaymentRead> ListPaymentsAsync(DateOnly since, CancellationToken cancellationToken) => _suiteQl.PaymentsAsync(since, cancellationToken);

    public Task<IReadOnlyList<string>> ListAccountsAsync(CancellationToken cancellationToken) => _suiteQl.AccountsAsync(cancellationToken);

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private ErpPostingResult Existing(JournalEntry entry, NetSuiteOptions options, string externalId, JsonElement record)
    {
        var internalId = InternalId(record);
        var confirmation = Read(() => NetSuiteRecordJson.Confirmation(record, internalId, options), externalId);
        var differences = Read(() => NetSuiteRecordJson.Differences(entry, record, options), externalId);
        if (differences.Count == 0)
        {
            _logger.LogInformation("{Reference} is already in NetSuite as {RecordType} {TranId} (internal id {InternalId}); not written again", entry.ExternalReference, RecordType(options), confirmation.DocumentNumber, internalId);
            return new ErpPostingResult(true, confirmation.DocumentNumber, null, confirmation);
        }

        // An upsert would overwrite a posted record with our books: refuse, and let a person look.
        return ErpPostingResult.Rejected(
            Erp,
            LedgerDiffers,
            $"{RecordType(options)} {confirmation.DocumentNumber} (internal id {internalId}) already has external id {externalId} and books something else: {string.Join("; ", differences)}. Not overwritten: correct it in NetSuite, then retry the report.");
    }

    private async Task<ErpPostingResult> ConfirmAsync(JournalEntry entry, NetSuiteOptions options, string externalId, string? internalId, CancellationToken cancellationToken)
    {
        var path = internalId is { Length: > 0 }
            ? $"record/v1/{RecordType(options)}/{Uri.EscapeDataString(internalId)}?fields=tranId,tranDate,postingPeriod"
            : $"record/v1/{RecordType(options)}/eid:{externalId}?fields=tranId,tranDate,postingPeriod";
        try
        {
            using var response = await _http.ReadAsync(() => NetSuiteRequest.Create(HttpMethod.Get, path, null, options), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new ErpUnavailableException(string.Create(CultureInfo.InvariantCulture, $"NetSuite answered {(int)response.StatusCode} to GET {path}: {NetSuiteError.Read(body).Detail}"));
            }

            using var record = JsonDocument.Parse(body);
            var id = internalId ?? InternalId(record.RootElement);
            var confirmation = NetSuiteRecordJson.Confirmation(record.RootElement, id, options);
            _logger.LogInformation(
                "Posted {Reference} to NetSuite as {RecordType} {TranId} (internal id {InternalId}, period {Period})",
                entry.ExternalReference, RecordType(options), confirmation.DocumentNumber, id, NetSuiteRecordJson.PostingPeriod(record.RootElement));
            return new ErpPostingResult(true, confirmation.DocumentNumber, null, confirmation);
        }
        catch (Exception ex) when (ex is ErpUnavailableException or JsonException or FormatException or InvalidOperationException)
        {
            // Written, but unconfirmed: the poster settles it with an authoritative read by external id before anything is sent again.
            throw new ErpOutcomeUnknownException($"NetSuite accepted {RecordType(options)} {externalId} (internal id {internalId}), but its confirmation could not be read: {ex.Message}", ex);
        }
    }

    /// <summary>The record under <paramref name="externalId"/> with its sublists; null when NetSuite says there is none.</summary>
    private async Task<JsonDocument?> ReadByExternalIdAsync(NetSuiteOptions options, string externalId, CancellationToken cancellationToken)
    {
        var path = $"record/v1/{RecordType(options)}/eid:{externalId}?expandSubResources=true";
        using var response = await _http.ReadAsync(() => NetSuiteRequest.Create(HttpMethod.Get, path, null, options), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound && NetSuiteError.Read(body).Code == NetSuiteError.NonexistentId)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            // Not an answer about the record (a wrong address, a refused read): not proof it is absent.
            var error = NetSuiteError.Read(body);
            throw new ErpUnavailableException(string.Create(CultureInfo.InvariantCulture, $"NetSuite answered {(int)response.StatusCode} {error.Code} to GET {path}: {error.Detail}"));
        }

        return Read(() => JsonDocument.Parse(body), externalId);
    }

    private static string RecordType(NetSuiteOptions options) => NetSuiteRecordJson.RecordType(options.Mode);

    private static string InternalId(JsonElement record) => record.TryGetProperty("id", out var id)
        ? id.ValueKind == JsonValueKind.Number ? id.GetRawText() : id.GetString() ?? string.Empty
        : string.Empty;

    private static T Read<T>(Func<T> read, string externalId)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ErpUnavailableException($"NetSuite answered a record {externalId} FinanceFlow cannot read: {ex.Message}", ex);
        }
    }
}
