using System.Globalization;
using System.Text.Json;
using FinanceFlow.Core.Posting;
using FinanceFlow.Core.Reconciliation;

namespace FinanceFlow.Connectors.Hledger;

/// <summary>Reads transactions as hledger prints them (<c>print -O json</c>, or hledger-web's <c>GET /transactions</c>).</summary>
internal static class HledgerLedgerJson
{
    /// <summary>The transaction tag naming the employee a journal books for (<see cref="Core.Journal.JournalEntry.Employee"/>).</summary>
    public const string EmployeeTag = "employee";

    /// <summary>
    /// The transactions whose code is an <c>FF-</c> reference, each with the employee its tag names; with <paramref name="keepUnreferenced"/>
    /// also those with another code (or none) that carry the employee tag and are not payments, under the code they have.
    /// </summary>
    public static IReadOnlyList<ErpLedgerTransaction> Read(JsonElement transactions, bool keepUnreferenced = false)
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

            var reference = transaction.TryGetProperty("tcode", out var code) ? code.GetString() ?? string.Empty : string.Empty;
            var employee = Employee(transaction);
            var ours = reference.StartsWith(LedgerReconciliation.ReferencePrefix, StringComparison.Ordinal);
            if (!ours && !(keepUnreferenced && employee is not null && Tag(transaction, "ttags", HledgerPaymentJson.ReferenceTag) is null))
            {
                continue;
            }

            read.Add(new ErpLedgerTransaction(
                reference,
                DateOnly.ParseExact(transaction.GetProperty("tdate").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                transaction.TryGetProperty("tdescription", out var description) ? description.GetString() : null,
                debits,
                employee));
        }

        return read;
    }

    /// <summary>One transaction's books as hledger read them: date, the <c>entity</c> tag, and per posting account, amount and cost-object tags.</summary>
    public static BookedEntry ReadBooked(JsonElement transaction)
    {
        var lines = new List<BookedLine>();
        foreach (var posting in transaction.GetProperty("tpostings").EnumerateArray())
        {
            var account = posting.GetProperty("paccount").GetString() ?? string.Empty;
            var costCenter = Tag(posting, "ptags", "costcenter");
            var project = Tag(posting, "ptags", "project");
            foreach (var amount in posting.GetProperty("pamount").EnumerateArray())
            {
                lines.Add(new BookedLine(account, amount.GetProperty("acommodity").GetString() ?? string.Empty, Quantity(amount.GetProperty("aquantity")), costCenter, project));
            }
        }

        return new BookedEntry(
            DateOnly.ParseExact(transaction.GetProperty("tdate").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            Tag(transaction, "ttags", "entity"),
            lines);
    }

    /// <summary>The employee tag's value as posted: a ':' in the id was written as U+A789 (see <see cref="HledgerTransactionJson.Text"/>).</summary>
    private static string? Employee(JsonElement transaction) => Tag(transaction, "ttags", EmployeeTag)?.Replace('\uA789', ':');

    /// <summary>The value of a tag (<c>[["name","value"], …]</c>), or null when the element has no such tag.</summary>
    private static string? Tag(JsonElement element, string property, string name)
    {
        if (!element.TryGetProperty(property, out var tags) || tags.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var tag in tags.EnumerateArray())
        {
            if (tag.ValueKind == JsonValueKind.Array && tag.GetArrayLength() == 2 && tag[0].GetString() == name)
            {
                return tag[1].GetString() is { Length: > 0 } value ? value : null;
            }
        }

        return null;
    }

    /// <summary>hledger's exact decimal: an integer mantissa and a count of decimal places (87.50 → 8750, 2).</summary>
    internal static decimal Quantity(JsonElement quantity)
    {
        var value = quantity.GetProperty("decimalMantissa").GetDecimal();
        for (var places = quantity.GetProperty("decimalPlaces").GetInt32(); places > 0; places--)
        {
            value /= 10m;
        }

        return value;
    }
}
