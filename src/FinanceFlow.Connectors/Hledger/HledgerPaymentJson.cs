using System.Globalization;
using System.Text.Json;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Reconciliation;

namespace FinanceFlow.Connectors.Hledger;

/// <summary>
/// Reads payment transactions as hledger prints them. The convention: a transaction whose code is the payment's id and whose
/// <c>financeflow-ref:</c> tag names the document paid; it debits the employee payable and credits the bank, so its debits are the
/// amount paid, in one commodity.
/// </summary>
/// <example>
/// <code>
/// 2026-12-05 (PAY-2026-0042) Payment run 42  ; financeflow-ref:FF-CONCUR-1234
///     liabilities:employee:e100   USD 87.50
///     assets:bank:operating      USD -87.50
/// </code>
/// </example>
internal static class HledgerPaymentJson
{
    /// <summary>The transaction tag that names the document a payment pays.</summary>
    public const string ReferenceTag = "financeflow-ref";

    public static ErpPaymentRead Read(JsonElement transactions, DateOnly since)
    {
        if (transactions.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException($"hledger answered a JSON {transactions.ValueKind.ToString().ToLowerInvariant()}, not a list of transactions.");
        }

        var payments = new List<ErpPayment>();
        var problems = new List<string>();
        foreach (var transaction in transactions.EnumerateArray())
        {
            if (Reference(transaction) is not { } reference)
            {
                continue;
            }

            var date = DateOnly.ParseExact(transaction.GetProperty("tdate").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (date < since)
            {
                continue;
            }

            var code = transaction.TryGetProperty("tcode", out var c) ? c.GetString()?.Trim() : null;
            var where = string.Create(CultureInfo.InvariantCulture, $"The hledger transaction of {date:yyyy-MM-dd} tagged {ReferenceTag}:{reference}");
            var debits = Debits(transaction);
            if (string.IsNullOrEmpty(code))
            {
                problems.Add($"{where} has no code: a payment needs its payment id as the transaction code, e.g. (PAY-2026-0042).");
            }
            else if (code.StartsWith(LedgerReconciliation.ReferencePrefix, StringComparison.Ordinal))
            {
                problems.Add($"{where} has code {code}: codes starting {LedgerReconciliation.ReferencePrefix} are FinanceFlow's postings, not payments.");
            }
            else if (!reference.StartsWith(LedgerReconciliation.ReferencePrefix, StringComparison.Ordinal))
            {
                problems.Add($"{where} names no FinanceFlow reference (they start {LedgerReconciliation.ReferencePrefix}).");
            }
            else if (debits.Count != 1 || debits.Single().Key is not { Length: 3 } commodity || !commodity.All(char.IsAsciiLetterUpper))
            {
                problems.Add($"{where} ({code}) must debit one ISO 4217 currency (e.g. USD 87.50), not {(debits.Count == 0 ? "nothing" : string.Join(", ", debits.Keys))}.");
            }
            else
            {
                var (currency, amount) = debits.Single();
                payments.Add(new ErpPayment(code, reference, date, amount, currency));
            }
        }

        return new ErpPaymentRead(payments, problems);
    }

    private static string? Reference(JsonElement transaction)
    {
        if (!transaction.TryGetProperty("ttags", out var tags) || tags.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return tags.EnumerateArray()
            .Where(t => t.ValueKind == JsonValueKind.Array && t.GetArrayLength() == 2 && t[0].GetString() == ReferenceTag)
            .Select(t => t[1].GetString()?.Trim())
            .FirstOrDefault(v => !string.IsNullOrEmpty(v));
    }

    private static Dictionary<string, decimal> Debits(JsonElement transaction)
    {
        var debits = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var posting in transaction.GetProperty("tpostings").EnumerateArray())
        {
            foreach (var amount in posting.GetProperty("pamount").EnumerateArray())
            {
                var quantity = HledgerLedgerJson.Quantity(amount.GetProperty("aquantity"));
                if (quantity > 0m)
                {
                    var commodity = amount.GetProperty("acommodity").GetString() ?? string.Empty;
                    debits[commodity] = debits.GetValueOrDefault(commodity) + quantity;
                }
            }
        }

        return debits;
    }
}
