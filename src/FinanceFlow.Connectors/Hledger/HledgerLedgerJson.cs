using System.Globalization;
using System.Text.Json;
using FinanceFlow.Core.Reconciliation;

namespace FinanceFlow.Connectors.Hledger;

/// <summary>Reads transactions as hledger prints them (<c>print -O json</c>, or hledger-web's <c>GET /transactions</c>).</summary>
internal static class HledgerLedgerJson
{
    public static IReadOnlyList<ErpLedgerTransaction> Read(JsonElement transactions)
    {
        if (transactions.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException($"hledger answered a JSON {transactions.ValueKind.ToString().ToLowerInvariant()}, not a list of transactions.");
        }

        var read = new List<ErpLedgerTransaction>();
        foreach (var transaction in transactions.EnumerateArray())
        {
            var debits = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var posting in transaction.GetProperty("tpostings").EnumerateArray())
            {
                foreach (var amount in posting.GetProperty("pamount").EnumerateArray())
                {
                    var quantity = Quantity(amount.GetProperty("aquantity"));
                    if (quantity > 0m)
                    {
                        var commodity = amount.GetProperty("acommodity").GetString() ?? string.Empty;
                        debits[commodity] = debits.GetValueOrDefault(commodity) + quantity;
                    }
                }
            }

            read.Add(new ErpLedgerTransaction(
                transaction.TryGetProperty("tcode", out var code) ? code.GetString() ?? string.Empty : string.Empty,
                DateOnly.ParseExact(transaction.GetProperty("tdate").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                transaction.TryGetProperty("tdescription", out var description) ? description.GetString() : null,
                debits));
        }

        return read;
    }

    /// <summary>hledger's exact decimal: an integer mantissa and a count of decimal places (87.50 → 8750, 2).</summary>
    private static decimal Quantity(JsonElement quantity)
    {
        var value = quantity.GetProperty("decimalMantissa").GetDecimal();
        for (var places = quantity.GetProperty("decimalPlaces").GetInt32(); places > 0; places--)
        {
            value /= 10m;
        }

        return value;
    }
}
