using System.Text.Json;

namespace FinanceFlow.Connectors.Expensify;

/// <summary>Reads the JSON our export template produces (an array of reports, or one report for preview) into <see cref="ExpensifyReport"/>s.</summary>
/// <remarks>
/// Lenient about value types: the template prints every value as a JSON string, but a hand-written preview document may
/// use numbers or booleans; both arrive here as their text. Strict about shape: not an array of objects is an error.
/// </remarks>
public static class ExpensifyExportReader
{
    /// <summary>Reads a downloaded export file.</summary>
    /// <exception cref="ExpensifyRequestException">The document is not JSON or not an array of report objects.</exception>
    public static IReadOnlyList<ExpensifyReport> ReadExport(string json)
    {
        using var document = Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new ExpensifyRequestException($"The Expensify export is not a JSON array but {document.RootElement.ValueKind}.");
        }

        return document.RootElement.EnumerateArray().Select((report, i) => ReadReport(report, $"/{i}")).ToList();
    }

    /// <summary>Reads one report object (a preview request, or one element of an export).</summary>
    /// <exception cref="ExpensifyRequestException">The document is not a report object.</exception>
    public static ExpensifyReport ReadReport(string json)
    {
        using var document = Parse(json);
        return ReadReport(document.RootElement, string.Empty);
    }

    private static ExpensifyReport ReadReport(JsonElement report, string pointer)
    {
        if (report.ValueKind != JsonValueKind.Object)
        {
            throw new ExpensifyRequestException($"The Expensify report at '{pointer}' is not a JSON object.");
        }

        var expenses = report.TryGetProperty("expenses", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select((e, i) => ReadExpense(e, $"{pointer}/expenses/{i}")).ToList()
            : [];

        return new ExpensifyReport(
            ReportId: Text(report, "reportID") ?? string.Empty,
            ReportName: Text(report, "reportName"),
            PolicyId: Text(report, "policyID"),
            PolicyName: Text(report, "policyName"),
            Status: Text(report, "status"),
            Currency: Text(report, "currency"),
            Total: Text(report, "total"),
            AccountId: Text(report, "accountID"),
            AccountEmail: Text(report, "accountEmail"),
            SubmitterName: Text(report, "submitterName"),
            ManagerEmail: Text(report, "managerEmail"),
            Created: Text(report, "created"),
            Submitted: Text(report, "submitted"),
            Approved: Text(report, "approved"),
            Expenses: expenses);
    }

    private static ExpensifyExpense ReadExpense(JsonElement expense, string pointer)
    {
        if (expense.ValueKind != JsonValueKind.Object)
        {
            throw new ExpensifyRequestException($"The Expensify expense at '{pointer}' is not a JSON object.");
        }

        return new ExpensifyExpense(
            TransactionId: Text(expense, "transactionID"),
            Merchant: Text(expense, "merchant"),
            ModifiedMerchant: Text(expense, "modifiedMerchant"),
            Amount: Text(expense, "amount"),
            ModifiedAmount: Text(expense, "modifiedAmount"),
            ConvertedAmount: Text(expense, "convertedAmount"),
            Currency: Text(expense, "currency"),
            CurrencyConversionRate: Text(expense, "currencyConversionRate"),
            Created: Text(expense, "created"),
            ModifiedCreated: Text(expense, "modifiedCreated"),
            Category: Text(expense, "category"),
            Tag: Text(expense, "tag"),
            Comment: Text(expense, "comment"),
            Reimbursable: Text(expense, "reimbursable"),
            Billable: Text(expense, "billable"),
            TaxAmount: Text(expense, "taxAmount"),
            TaxName: Text(expense, "taxName"),
            ReceiptUrl: Text(expense, "receiptURL"),
            ReceiptFilename: Text(expense, "receiptFilename"),
            ReceiptType: Text(expense, "receiptType"));
    }

    // Empty text is Expensify's "not set" (Freemarker prints a missing value as ""), so it reads as null.
    private static string? Text(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ExpensifyRequestException($"The Expensify export is not valid JSON: {ex.Message}", ex);
        }
    }
}
