using System.Globalization;
using System.Net;
using System.Text.Json;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Posting;
using FinanceFlow.Core.Reconciliation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Connectors.Hledger;

/// <summary>
/// Posts journals to hledger-web (<c>PUT /add</c>), finds them again by transaction code (our external reference), and reads
/// them all back for the reconciliation; reads back payment transactions for the payment sync.
/// </summary>
public sealed class HledgerConnector(HttpClient http, IOptions<HledgerOptions> options, ILogger<HledgerConnector> logger) : IErpConnector, IErpChartOfAccounts, IErpLedgerReader, IErpPayments
{
    /// <summary>A connector for a named ledger (<c>FinanceFlow:Erp:Ledgers:{ledger}</c>); its postings are recorded as <c>hledger:{ledger}</c>.</summary>
    /// <remarks>Internal: a second public constructor leaves the typed-client factory of <c>AddHttpClient&lt;HledgerConnector&gt;</c> unable to pick one.</remarks>
    internal HledgerConnector(HttpClient http, IOptions<HledgerOptions> options, ILogger<HledgerConnector> logger, string ledger)
        : this(http, options, logger)
    {
        Name = "hledger:" + ledger;
    }

    // hledger-web answers 403 to some concurrent PUTs (4 of 200 under 8 at once, not written; docs/architecture.md): one PUT at a time per process.
    private static readonly SemaphoreSlim PutGate = new(1, 1);

    private readonly HledgerJournalReads _reads = new(http, options.Value);

    public string Name { get; } = "hledger";

    /// <summary>Posts a transaction; a journal whose entity books vendor bills is posted the same way, with a warning (hledger has no vendor bills).</summary>
    public async Task<ErpPostingResult> PostAsync(JournalEntry entry, CancellationToken cancellationToken) =>
        JournalEntriesOnly.Noted(entry, await SendAsync(entry, cancellationToken), "hledger");

    private async Task<ErpPostingResult> SendAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        // hledger-web accepts an unbalanced transaction and then the whole journal stops parsing: never send one.
        if (!entry.IsBalanced)
        {
            var reason = string.Create(
                CultureInfo.InvariantCulture,
                $"Not sent to hledger: the entry does not balance (debits {entry.TotalDebit} {entry.Currency}, credits {entry.TotalCredit} {entry.Currency}, {entry.Lines.Count} lines).");
            return new ErpPostingResult(false, null, reason);
        }

        if (HledgerTransactionJson.Problem(entry) is { } problem)
        {
            return new ErpPostingResult(false, null, "Not sent to hledger: " + problem);
        }

        var body = HledgerTransactionJson.Serialize(entry, TransactionComment(entry));

        // The caller's posting lease started before this wait: a bounded wait keeps the send inside it (lease > 2 × time limit).
        if (!await PutGate.WaitAsync(http.Timeout, cancellationToken))
        {
            throw new ErpUnavailableException(
                $"Not sent: hledger-web at {http.BaseAddress} was still busy with an earlier PUT after {http.Timeout.TotalSeconds:0} s (one PUT at a time per process).");
        }

        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await http.PutAsync(new Uri("add", UriKind.Relative), content, cancellationToken);
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);

            if (response.IsSuccessStatusCode)
            {
                logger.LogInformation("Posted {Reference} to hledger ({Status})", entry.ExternalReference, (int)response.StatusCode);
                return new ErpPostingResult(true, entry.ExternalReference, null);
            }

            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                return new ErpPostingResult(false, null, "hledger refused the transaction: " + Message(answer));
            }

            var status = string.Create(CultureInfo.InvariantCulture, $"hledger-web answered {(int)response.StatusCode} {response.ReasonPhrase}: {Message(answer)}");
            if ((int)response.StatusCode >= 500)
            {
                // A server error after the journal arrived: hledger-web may have appended it before failing.
                throw new ErpOutcomeUnknownException(status + "; the transaction may have been written.");
            }

            // 403 "server-side UI is disabled" under concurrency (documented: not written), 408, 429 or another refusal before the write.
            throw new ErpUnavailableException(status);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError)
        {
            // No connection was made, so nothing was sent.
            throw new ErpUnavailableException($"hledger-web at {http.BaseAddress} could not be reached: {ex.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ErpOutcomeUnknownException($"The connection to hledger-web at {http.BaseAddress} failed after the transaction was sent ({ex.Message}); it may have been written.", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ErpOutcomeUnknownException(
                $"hledger-web at {http.BaseAddress} did not answer within {http.Timeout.TotalSeconds:0} s; the transaction may have been written.", ex);
        }
        finally
        {
            PutGate.Release();
        }
    }

    /// <summary>True with <see cref="HledgerOptions.JournalPath"/> set: look-ups run the hledger CLI on the journal file hledger-web writes.</summary>
    public bool HasAuthoritativeLookup => _reads.Authoritative;

    /// <summary>
    /// Looks for transactions whose code is the entry's reference and compares the first one's books with the entry; authoritative
    /// only with <see cref="HledgerOptions.JournalPath"/> set (see <see cref="HledgerJournalReads"/>).
    /// </summary>
    public async Task<ErpDocumentLookup> FindDocumentAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var reference = entry.ExternalReference;
        var transactions = await _reads.ByCodeAsync(reference, cancellationToken);
        if (transactions is null)
        {
            return ErpDocumentLookup.NotFound(HasAuthoritativeLookup);
        }

        using (transactions)
        {
            try
            {
                // hledger's code: query is a case-insensitive regex; the exact comparison is ours.
                var found = transactions.RootElement.ValueKind == JsonValueKind.Array
                    ? transactions.RootElement.EnumerateArray()
                        .Where(t => t.TryGetProperty("tcode", out var code) && string.Equals(code.GetString(), reference, StringComparison.Ordinal))
                        .ToList()
                    : [];
                if (found.Count == 0)
                {
                    return ErpDocumentLookup.NotFound(HasAuthoritativeLookup);
                }

                var differences = BookedEntry.Differences(BookedEntry.Of(entry, HledgerTransactionJson.TagValue), HledgerLedgerJson.ReadBooked(found[0]));
                return new ErpDocumentLookup(reference, found.Count, differences, HasAuthoritativeLookup);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new ErpUnavailableException($"hledger answered a transaction {reference} FinanceFlow cannot read: {ex.Message}", ex);
            }
        }
    }

    /// <summary>FinanceFlow's transactions (code <c>FF-…</c>) in the ledger, duplicates included (see <see cref="HledgerJournalReads"/>).</summary>
    public Task<IReadOnlyList<ErpLedgerTransaction>> ListFinanceFlowTransactionsAsync(CancellationToken cancellationToken) =>
        ReadFinanceFlowTransactionsAsync(_reads.FinanceFlowTransactionsAsync(cancellationToken), null);

    /// <summary>
    /// The same, dated in <paramref name="window"/> (hledger's <c>date:</c> query on the journal file; hledger-web's list filtered here),
    /// and the window's transactions that lost the <c>FF-</c> code but still carry the <c>employee:</c> tag FinanceFlow writes, so the
    /// three-way match can find them by employee, amount and date. Payment transactions (<c>financeflow-ref:</c>) are not among them.
    /// </summary>
    public Task<IReadOnlyList<ErpLedgerTransaction>> ListFinanceFlowTransactionsAsync(LedgerWindow window, CancellationToken cancellationToken) =>
        ReadFinanceFlowTransactionsAsync(_reads.WindowTransactionsAsync(window, cancellationToken), window);

    private static async Task<IReadOnlyList<ErpLedgerTransaction>> ReadFinanceFlowTransactionsAsync(Task<JsonDocument?> read, LedgerWindow? window)
    {
        var transactions = await read;
        if (transactions is null)
        {
            return [];
        }

        using (transactions)
        {
            try
            {
                // Windowed, a transaction without our code is kept when it names the employee (and is not a payment).
                return [.. HledgerLedgerJson.Read(transactions.RootElement, keepUnreferenced: window is not null)
                    .Where(t => window is not { } w || w.Contains(t.Date))];
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new ErpUnavailableException($"hledger answered transactions FinanceFlow cannot read: {ex.Message}", ex);
            }
        }
    }

    /// <summary>True: every ledger of this kind has a readable payment status.</summary>
    public bool HasPaymentStatus => true;

    /// <summary>
    /// Payment transactions (tag <c>financeflow-ref:</c>, code = payment id; see <see cref="HledgerPaymentJson"/>) dated on or after
    /// <paramref name="since"/>; read like <see cref="ListFinanceFlowTransactionsAsync(CancellationToken)"/> (the CLI on the journal when it is set).
    /// </summary>
    public async Task<ErpPaymentRead> ListPaymentsAsync(DateOnly since, CancellationToken cancellationToken)
    {
        var transactions = await _reads.PaymentTransactionsAsync(since, cancellationToken);
        if (transactions is null)
        {
            return new ErpPaymentRead([], []);
        }

        using (transactions)
        {
            try
            {
                return HledgerPaymentJson.Read(transactions.RootElement, since);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new ErpUnavailableException($"hledger answered payment transactions FinanceFlow cannot read: {ex.Message}", ex);
            }
        }
    }

    /// <summary>The hledger-web address this connector posts to; ledgers sharing it are one ledger.</summary>
    public Uri? Endpoint => http.BaseAddress;

    /// <summary>hledger-web's <c>GET /accountnames</c>: declared accounts (<c>account</c> directives) and every account posted to.</summary>
    public async Task<IReadOnlyList<string>> ListAccountsAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("accountnames", UriKind.Relative), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new ErpUnavailableException(string.Create(
                    CultureInfo.InvariantCulture, $"hledger-web answered {(int)response.StatusCode} to GET /accountnames."));
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync<List<string>>(stream, cancellationToken: cancellationToken) ?? [];
        }
        catch (HttpRequestException ex)
        {
            throw new ErpUnavailableException($"hledger-web at {http.BaseAddress} could not be reached: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ErpUnavailableException($"hledger-web at {http.BaseAddress} did not answer within {http.Timeout.TotalSeconds:0} s.", ex);
        }
    }

    private static string TransactionComment(JournalEntry entry)
    {
        var comment = $"source:financeflow, entity:{HledgerTransactionJson.TagValue(entry.LegalEntity)}, ref:{HledgerTransactionJson.TagValue(entry.ExternalReference)}";
        if (!string.IsNullOrWhiteSpace(entry.Employee))
        {
            // The marker the reconciliation's fallback match reads back when the code (our reference) was edited or removed.
            comment += $", {HledgerLedgerJson.EmployeeTag}:{HledgerTransactionJson.TagValue(entry.Employee)}";
        }

        if (entry.OriginalAccountingDate is { } original)
        {
            comment += ", original-date:" + original.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        if (entry.MappingVersions is { Count: > 0 } mappings)
        {
            comment += ", mappings:" + HledgerTransactionJson.TagValue(string.Join("; ", mappings));
        }

        return comment;
    }

    private static string Message(string answer)
    {
        // hledger-web's error body is a JSON string.
        try
        {
            return JsonSerializer.Deserialize<string>(answer) ?? answer;
        }
        catch (JsonException)
        {
            return answer;
        }
    }
}
