using System.Globalization;
using System.Text.Json;

namespace FinanceFlow.Connectors.S4Hana;

/// <summary>One row of A_OperationalAcctgDocItemCube: an item of a journal entry as the read-back sees it.</summary>
/// <param name="Amount">AmountInTransactionCurrency, signed (credits negative).</param>
/// <param name="Reversed">IsReversed or IsReversal: a reversed entry and its reversal no longer book anything of ours.</param>
public sealed record S4HanaDocumentItem(
    string CompanyCode,
    string FiscalYear,
    string AccountingDocument,
    string AccountingDocumentItem,
    string? DocumentReferenceId,
    string? HeaderText,
    string? ItemText,
    string GLAccount,
    string? CostCenter,
    string Currency,
    decimal Amount,
    DateOnly PostingDate,
    bool Reversed)
{
    /// <summary>The fields the connector selects, so the analytical service returns items, not aggregates.</summary>
    public const string Select =
        "CompanyCode,FiscalYear,AccountingDocument,AccountingDocumentItem,DocumentReferenceID,AccountingDocumentHeaderText,DocumentItemText,"
        + "GLAccount,CostCenter,TransactionCurrency,AmountInTransactionCurrency,PostingDate,IsReversed,IsReversal";

    /// <summary>The journal entry's key as FinanceFlow records it: <c>{AccountingDocument}/{CompanyCode}/{FiscalYear}</c>.</summary>
    public string DocumentNumber => S4HanaDocumentNumber.Format(AccountingDocument, CompanyCode, FiscalYear);

    /// <summary>Reads one OData V2 JSON result (strings for Edm.Decimal, <c>/Date(ms)/</c> for Edm.DateTime).</summary>
    public static S4HanaDocumentItem Read(JsonElement row) => new(
        Text(row, "CompanyCode") ?? throw new FormatException("a row without CompanyCode"),
        Text(row, "FiscalYear") ?? throw new FormatException("a row without FiscalYear"),
        Text(row, "AccountingDocument") ?? throw new FormatException("a row without AccountingDocument"),
        Text(row, "AccountingDocumentItem") ?? "000",
        Text(row, "DocumentReferenceID"),
        Text(row, "AccountingDocumentHeaderText"),
        Text(row, "DocumentItemText"),
        Text(row, "GLAccount") ?? string.Empty,
        Text(row, "CostCenter"),
        Text(row, "TransactionCurrency") ?? string.Empty,
        Decimal(row, "AmountInTransactionCurrency"),
        Date(row, "PostingDate"),
        Flag(row, "IsReversed") || Flag(row, "IsReversal"));

    internal static string? Text(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    private static decimal Decimal(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) switch
        {
            true when value.ValueKind == JsonValueKind.String => decimal.Parse(value.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture),
            true when value.ValueKind == JsonValueKind.Number => value.GetDecimal(),
            _ => throw new FormatException($"a row without {name}"),
        };

    internal static bool Flag(JsonElement row, string name) => row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    internal static DateOnly Date(JsonElement row, string name)
    {
        // OData V2 JSON: "/Date(1711929600000)/", milliseconds since 1970 (UTC midnight for a date).
        var text = Text(row, name) ?? throw new FormatException($"a row without {name}");
        var start = text.IndexOf('(', StringComparison.Ordinal);
        var end = text.IndexOfAny(['+', '-', ')'], start + 2);
        if (start < 0 || end < 0)
        {
            throw new FormatException($"{name} '{text}' is not an OData date");
        }

        var milliseconds = long.Parse(text[(start + 1)..end], NumberStyles.Integer, CultureInfo.InvariantCulture);
        return DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime);
    }
}

/// <summary>How a journal entry's key is written as one document number.</summary>
public static class S4HanaDocumentNumber
{
    /// <summary><c>0100000008/1410/2024</c>: SAP numbers journal entries per company code and fiscal year, so all three name one.</summary>
    public static string Format(string accountingDocument, string companyCode, string fiscalYear) => $"{accountingDocument}/{companyCode}/{fiscalYear}";
}
