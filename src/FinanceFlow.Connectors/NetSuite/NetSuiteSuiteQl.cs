using System.Globalization;
using System.Text.Json;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Reconciliation;

namespace FinanceFlow.Connectors.NetSuite;

/// <summary>
/// SuiteQL over REST (<c>POST query/v1/suiteql?limit=&amp;offset=</c>, <c>Prefer: transient</c>, body <c>{"q": …}</c>), page
/// by page while <c>hasMore</c>: FinanceFlow's transactions with their lines' debits for the reconciliation, the payments
/// applied to them for the payment sync, and the active accounts for the master-data sync.
/// </summary>
internal sealed class NetSuiteSuiteQl(ErpHttp http, NetSuiteOptions options)
{
    /// <summary>One row per line of every journal entry and vendor bill whose external id starts <c>FF-</c>, in a stable order.</summary>
    public const string TransactionsQuery =
        "SELECT t.id, t.externalid, TO_CHAR(t.trandate, 'YYYY-MM-DD') AS trandate, t.memo, t.currency, tl.debitforeignamount AS debit "
        + "FROM transaction t INNER JOIN transactionline tl ON tl.transaction = t.id "
        + "WHERE t.externalid LIKE 'FF-%' AND t.type IN ('Journal', 'VendBill') ORDER BY t.id, tl.id";

    /// <summary>
    /// One row per applied line of every payment linked to one of our journal entries or vendor bills (<c>NextTransactionLineLink</c>,
    /// link type <c>Payment</c>: a bill payment applying to the bill or to the journal's A/P line), payments not voided, dated on or
    /// after <paramref name="since"/>, in a stable order. <c>foreignamount</c> is what the link applied, in the document's currency.
    /// </summary>
    public static string PaymentsQuery(DateOnly since) =>
        "SELECT p.id AS paymentid, p.tranid AS paymenttranid, TO_CHAR(p.trandate, 'YYYY-MM-DD') AS paidon, t.id, t.tranid, t.externalid, t.memo, t.currency, l.foreignamount AS amount "
        + "FROM NextTransactionLineLink l INNER JOIN transaction t ON t.id = l.previousdoc INNER JOIN transaction p ON p.id = l.nextdoc "
        + "WHERE t.externalid LIKE 'FF-%' AND t.type IN ('Journal', 'VendBill') AND l.linktype = 'Payment' AND p.voided = 'F' "
        + string.Create(CultureInfo.InvariantCulture, $"AND p.trandate >= TO_DATE('{since:yyyy-MM-dd}', 'YYYY-MM-DD') ORDER BY p.id, t.id, l.previousline, l.nextline");

    public const string AccountsQuery = "SELECT id FROM account WHERE isinactive = 'F' ORDER BY id";

    /// <summary><see cref="TransactionsQuery"/> limited to transaction dates in a window (SuiteQL's Oracle <c>TO_DATE</c>).</summary>
    public static string TransactionsQueryIn(LedgerWindow window) => TransactionsQuery.Replace(
        " ORDER BY",
        string.Create(CultureInfo.InvariantCulture, $" AND t.trandate BETWEEN TO_DATE('{window.From:yyyy-MM-dd}', 'YYYY-MM-DD') AND TO_DATE('{window.To:yyyy-MM-dd}', 'YYYY-MM-DD') ORDER BY"),
        StringComparison.Ordinal);

    /// <summary>SuiteQL returns at most this many rows for one query.</summary>
    public const int MaxResults = 100_000;

    public Task<IReadOnlyList<ErpLedgerTransaction>> FinanceFlowTransactionsAsync(CancellationToken cancellationToken) =>
        FinanceFlowTransactionsAsync(TransactionsQuery, cancellationToken);

    public Task<IReadOnlyList<ErpLedgerTransaction>> FinanceFlowTransactionsAsync(LedgerWindow window, CancellationToken cancellationToken) =>
        FinanceFlowTransactionsAsync(TransactionsQueryIn(window), cancellationToken);

    private async Task<IReadOnlyList<ErpLedgerTransaction>> FinanceFlowTransactionsAsync(string query, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(query, cancellationToken);
        try
        {
            return [.. rows.GroupBy(r => Text(r, "id")).Select(Transaction).Where(t => t.Reference.StartsWith(LedgerReconciliation.ReferencePrefix, StringComparison.Ordinal))];
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or OverflowException)
        {
            throw new ErpUnavailableException($"NetSuite answered transactions FinanceFlow cannot read: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The payments of our documents since <paramref name="since"/>: one per payment and document (its applied lines summed), the
    /// payment's id <c>{payment internal id}/{document internal id}</c>; a part payment is its own payment with what it applied.
    /// </summary>
    public async Task<ErpPaymentRead> PaymentsAsync(DateOnly since, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(PaymentsQuery(since), cancellationToken);
        var payments = new List<ErpPayment>();
        var problems = new List<string>();
        foreach (var applied in rows.GroupBy(r => (Payment: Text(r, "paymentid"), Document: Text(r, "id"))))
        {
            var first = applied.First();
            var reference = NetSuiteExternalId.ReferenceOf(Text(first, "externalid"), first.TryGetProperty("memo", out var m) ? m.GetString() : null);
            if (!reference.StartsWith(LedgerReconciliation.ReferencePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var payment = Text(first, "paymenttranid") is { Length: > 0 } number ? $"{number} (internal id {applied.Key.Payment})" : "internal id " + applied.Key.Payment;
            var document = $"{Text(first, "tranid")} (internal id {applied.Key.Document}, {reference})";
            try
            {
                // The sign of an applied amount is not in the help pages at hand: what a payment applies is what it paid.
                var amount = Math.Abs(applied.Sum(r => NetSuiteRecordJson.Number(r, "amount")));
                var currency = NetSuiteRecordJson.CurrencyCode(options, Text(first, "currency"));
                if (amount == 0m || !applied.All(r => r.TryGetProperty("amount", out _)))
                {
                    problems.Add($"NetSuite payment {payment} is applied to {document}, but without an amount: not read as a payment.");
                }
                else if (!options.CurrencyIds.ContainsValue(Text(first, "currency")))
                {
                    problems.Add($"NetSuite payment {payment} applies {amount.ToString(CultureInfo.InvariantCulture)} to {document} in {currency}, which CurrencyIds does not name: not read as a payment.");
                }
                else
                {
                    payments.Add(new ErpPayment($"{applied.Key.Payment}/{applied.Key.Document}", reference, NetSuiteRecordJson.Date(Text(first, "paidon")), amount, currency));
                }
            }
            catch (Exception ex) when (ex is FormatException or OverflowException)
            {
                problems.Add($"NetSuite payment {payment} is applied to {document}, but its amount or date cannot be read ({ex.Message}): not read as a payment.");
            }
        }

        return new ErpPaymentRead(payments, problems);
    }

    public async Task<IReadOnlyList<string>> AccountsAsync(CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(AccountsQuery, cancellationToken);
        return [.. rows.Select(r => Text(r, "id")).Where(id => id.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    private ErpLedgerTransaction Transaction(IGrouping<string, JsonElement> lines)
    {
        var first = lines.First();
        var externalId = Text(first, "externalid");
        var memo = first.TryGetProperty("memo", out var m) ? m.GetString() : null;
        var reference = NetSuiteExternalId.ReferenceOf(externalId, memo);
        var description = memo is not null && memo.StartsWith(reference + " ", StringComparison.Ordinal) ? memo[(reference.Length + 1)..] : memo;
        var currency = NetSuiteRecordJson.CurrencyCode(options, Text(first, "currency"));
        var debit = lines.Sum(l => NetSuiteRecordJson.Number(l, "debit"));
        return new ErpLedgerTransaction(reference, NetSuiteRecordJson.Date(Text(first, "trandate")), description, new Dictionary<string, decimal> { [currency] = debit });
    }

    private async Task<List<JsonElement>> QueryAsync(string query, CancellationToken cancellationToken)
    {
        var rows = new List<JsonElement>();
        var body = JsonSerializer.SerializeToUtf8Bytes(new { q = query });
        var limit = Math.Clamp(options.QueryPageSize, 1, 1000);
        for (var offset = 0; ; offset += limit)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"query/v1/suiteql?limit={limit}&offset={offset}");
            using var response = await http.ReadAsync(() => NetSuiteRequest.Create(HttpMethod.Post, path, body, options, prefer: "transient"), cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var error = NetSuiteError.Read(text);
                throw new ErpUnavailableException(string.Create(CultureInfo.InvariantCulture, $"NetSuite answered {(int)response.StatusCode} {error.Code} to the SuiteQL query at offset {offset}: {error.Detail}"));
            }

            bool hasMore;
            try
            {
                using var page = JsonDocument.Parse(text);
                rows.AddRange(page.RootElement.GetProperty("items").EnumerateArray().Select(item => item.Clone()));
                hasMore = page.RootElement.TryGetProperty("hasMore", out var more) && more.GetBoolean();
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new ErpUnavailableException($"NetSuite answered a SuiteQL page FinanceFlow cannot read: {ex.Message}", ex);
            }

            if (!hasMore)
            {
                return rows;
            }

            if (offset + limit >= MaxResults)
            {
                throw new ErpUnavailableException(string.Create(CultureInfo.InvariantCulture, $"NetSuite's SuiteQL returns at most {MaxResults} rows and the query has more: the read-back would be incomplete."));
            }
        }
    }

    private static string Text(JsonElement row, string column) => row.TryGetProperty(column, out var value)
        ? value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.GetRawText()
        : string.Empty;
}
