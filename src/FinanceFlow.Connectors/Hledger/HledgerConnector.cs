using System.Globalization;
using System.Net;
using System.Text.Json;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Reconciliation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Connectors.Hledger;

/// <summary>
/// Posts journals to hledger-web (<c>PUT /add</c>), finds them again by transaction code (our external reference), and reads
/// them all back for the reconciliation.
/// </summary>
public sealed class HledgerConnector(HttpClient http, IOptions<HledgerOptions> options, ILogger<HledgerConnector> logger) : IErpConnector, IErpChartOfAccounts, IErpLedgerReader
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

    private readonly HledgerOptions _options = options.Value;

    public string Name { get; } = "hledger";

    public async Task<ErpPostingResult> PostAsync(JournalEntry entry, CancellationToken cancellationToken)
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
        await PutGate.WaitAsync(cancellationToken);
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

            // 403 "server-side UI is disabled" under concurrency, 5xx, or anything unexpected: nothing was written, worth retrying.
            throw new ErpUnavailableException(string.Create(
                CultureInfo.InvariantCulture, $"hledger-web answered {(int)response.StatusCode} {response.ReasonPhrase}: {Message(answer)}"));
        }
        catch (HttpRequestException ex)
        {
            throw new ErpUnavailableException($"hledger-web at {http.BaseAddress} could not be reached: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ErpUnavailableException($"hledger-web at {http.BaseAddress} did not answer within {http.Timeout.TotalSeconds:0} s.", ex);
        }
        finally
        {
            PutGate.Release();
        }
    }

    /// <summary>
    /// Looks for a transaction whose code is the reference. With <see cref="HledgerOptions.JournalPath"/> set, the hledger CLI reads
    /// the file (authoritative). Without it, falls back to hledger-web's <c>GET /transactions</c>, which can be stale right after
    /// consecutive PUTs (NOTES.md, behaviour 3): a miss there is not proof that the entry is absent.
    /// </summary>
    public async Task<string?> FindDocumentAsync(string externalReference, CancellationToken cancellationToken)
    {
        var transactions = string.IsNullOrWhiteSpace(_options.JournalPath)
            ? await GetTransactionsAsync(cancellationToken)
            : await PrintByCodeAsync(_options.JournalPath, externalReference, cancellationToken);
        if (transactions is null)
        {
            return null;
        }

        using (transactions)
        {
            // hledger's code: query is a case-insensitive regex; the exact comparison is ours.
            var found = transactions.RootElement.ValueKind == JsonValueKind.Array
                && transactions.RootElement.EnumerateArray().Any(t =>
                    t.TryGetProperty("tcode", out var code) && string.Equals(code.GetString(), externalReference, StringComparison.Ordinal));
            return found ? externalReference : null;
        }
    }

    /// <summary>
    /// FinanceFlow's transactions (code <c>FF-…</c>) in the ledger: with <see cref="HledgerOptions.JournalPath"/> set, as the hledger
    /// CLI reads the file (authoritative, duplicates included); else hledger-web's <c>GET /transactions</c>, which can lag a
    /// posting made the same second. A journal file not written yet is an empty ledger.
    /// </summary>
    public async Task<IReadOnlyList<ErpLedgerTransaction>> ListFinanceFlowTransactionsAsync(CancellationToken cancellationToken)
    {
        JsonDocument? transactions;
        if (string.IsNullOrWhiteSpace(_options.JournalPath))
        {
            transactions = await GetTransactionsAsync(cancellationToken);
        }
        else
        {
            transactions = File.Exists(_options.JournalPath)
                ? ParseLedgerJson(await HledgerCli.RunAsync(
                    _options.HledgerExecutable,
                    ["-f", _options.JournalPath, "print", "-O", "json", "code:^" + LedgerReconciliation.ReferencePrefix],
                    TimeSpan.FromSeconds(_options.TimeoutSeconds),
                    cancellationToken))
                : null;
        }

        if (transactions is null)
        {
            return [];
        }

        using (transactions)
        {
            try
            {
                return [.. HledgerLedgerJson.Read(transactions.RootElement).Where(t => t.Reference.StartsWith(LedgerReconciliation.ReferencePrefix, StringComparison.Ordinal))];
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new ErpUnavailableException($"hledger answered transactions FinanceFlow cannot read: {ex.Message}", ex);
            }
        }
    }

    private static JsonDocument ParseLedgerJson(string output)
    {
        try
        {
            return JsonDocument.Parse(output);
        }
        catch (JsonException ex)
        {
            throw new ErpUnavailableException($"hledger printed transactions FinanceFlow cannot read: {ex.Message}", ex);
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

    private async Task<JsonDocument?> PrintByCodeAsync(string journalPath, string externalReference, CancellationToken cancellationToken)
    {
        if (!File.Exists(journalPath))
        {
            return null;
        }

        var output = await HledgerCli.RunAsync(
            _options.HledgerExecutable,
            ["-f", journalPath, "print", "-O", "json", $"code:^{HledgerCli.EscapeRegex(externalReference)}$"],
            TimeSpan.FromSeconds(_options.TimeoutSeconds),
            cancellationToken);
        return JsonDocument.Parse(output);
    }

    private async Task<JsonDocument?> GetTransactionsAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("transactions", UriKind.Relative), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new ErpUnavailableException(string.Create(
                    CultureInfo.InvariantCulture, $"hledger-web answered {(int)response.StatusCode} to GET /transactions."));
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
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
