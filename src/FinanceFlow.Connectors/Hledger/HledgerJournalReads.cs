using System.Globalization;
using System.Text.Json;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Reconciliation;

namespace FinanceFlow.Connectors.Hledger;

/// <summary>
/// Reads a ledger's transactions as hledger prints them: with <see cref="HledgerOptions.JournalPath"/> set, the hledger CLI on the
/// journal file (authoritative: what the file holds, duplicates included; a file not written yet holds nothing); without it,
/// hledger-web's <c>GET /transactions</c>, which can lag right after consecutive PUTs, so a miss there proves nothing.
/// </summary>
internal sealed class HledgerJournalReads(HttpClient http, HledgerOptions options)
{
    public bool Authoritative => !string.IsNullOrWhiteSpace(options.JournalPath);

    /// <summary>Transactions whose code matches <paramref name="reference"/> (the CLI's query; hledger-web lists all); null when there are none to read.</summary>
    public Task<JsonDocument?> ByCodeAsync(string reference, CancellationToken cancellationToken) =>
        Authoritative ? PrintAsync([$"code:^{HledgerCli.EscapeRegex(reference)}$"], cancellationToken) : GetTransactionsAsync(cancellationToken);

    /// <summary>Transactions whose code starts with <c>FF-</c> (the CLI's query; hledger-web lists all); null when there are none to read.</summary>
    public Task<JsonDocument?> FinanceFlowTransactionsAsync(CancellationToken cancellationToken) =>
        Authoritative ? PrintAsync(["code:^" + LedgerReconciliation.ReferencePrefix], cancellationToken) : GetTransactionsAsync(cancellationToken);

    /// <summary>
    /// Every transaction dated in <paramref name="window"/> (the CLI's <c>date:</c> query, whose end is exclusive; hledger-web lists all
    /// and the caller filters). Not only the <c>FF-</c> codes: hledger 1.25 ANDs a <c>code:</c> and a <c>tag:</c> term, so the
    /// transactions that lost the code but carry the employee tag come with the window's others, and the caller keeps ours.
    /// </summary>
    public Task<JsonDocument?> WindowTransactionsAsync(LedgerWindow window, CancellationToken cancellationToken) =>
        Authoritative
            ? PrintAsync([string.Create(CultureInfo.InvariantCulture, $"date:{window.From:yyyy-MM-dd}..{window.To.AddDays(1):yyyy-MM-dd}")], cancellationToken)
            : GetTransactionsAsync(cancellationToken);

    /// <summary>Transactions tagged <c>financeflow-ref:</c> dated on or after <paramref name="since"/> (the CLI's query; hledger-web lists all).</summary>
    public Task<JsonDocument?> PaymentTransactionsAsync(DateOnly since, CancellationToken cancellationToken) =>
        Authoritative
            ? PrintAsync(["tag:" + HledgerPaymentJson.ReferenceTag, "date:" + since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "-"], cancellationToken)
            : GetTransactionsAsync(cancellationToken);

    private async Task<JsonDocument?> PrintAsync(IReadOnlyList<string> query, CancellationToken cancellationToken)
    {
        if (!File.Exists(options.JournalPath))
        {
            return null;
        }

        var output = await HledgerCli.RunAsync(
            options.HledgerExecutable, ["-f", options.JournalPath!, "print", "-O", "json", .. query], TimeSpan.FromSeconds(options.TimeoutSeconds), cancellationToken);
        try
        {
            return JsonDocument.Parse(output);
        }
        catch (JsonException ex)
        {
            throw new ErpUnavailableException($"hledger printed transactions FinanceFlow cannot read: {ex.Message}", ex);
        }
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
        catch (JsonException ex)
        {
            throw new ErpUnavailableException($"hledger-web listed transactions FinanceFlow cannot read: {ex.Message}", ex);
        }
    }
}
