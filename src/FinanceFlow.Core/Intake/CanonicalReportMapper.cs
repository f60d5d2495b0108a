using System.Globalization;
using System.Text.Json;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Intake;

/// <summary>Reads a schema-valid canonical body into the model: decimals exactly, defaults applied.</summary>
/// <remarks>
/// The schema has already checked shape and types, so the few failures left here are values JSON allows but
/// the model cannot hold (a number too large for decimal); each is reported with its pointer.
/// </remarks>
internal sealed class CanonicalReportMapper
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public ExpenseReport Map(JsonElement root, string source) => new(
        Source: source,
        ReportId: root.GetProperty("reportId").GetString()!,
        Version: Int(root.GetProperty("version"), "/version"),
        LegalEntity: root.GetProperty("legalEntity").GetString()!,
        Title: OptionalString(root, "title"),
        Employee: Party(root.GetProperty("employee")),
        Submitter: Party(root.GetProperty("submitter")),
        Approvals: root.GetProperty("approvals").EnumerateArray().Select((a, i) => Approval(a, $"/approvals/{i}")).ToList(),
        Currency: root.GetProperty("currency").GetString()!,
        TotalAmount: Decimal(root.GetProperty("totalAmount"), "/totalAmount"),
        SubmittedAt: Instant(root.GetProperty("submittedAt"), "/submittedAt"),
        AccountingDate: root.TryGetProperty("accountingDate", out var date) ? Date(date, "/accountingDate") : null,
        Lines: root.GetProperty("lines").EnumerateArray().Select((l, i) => Line(l, $"/lines/{i}")).ToList(),
        Attachments: root.TryGetProperty("attachments", out var attachments)
            ? attachments.EnumerateArray().Select(Attachment).ToList()
            : []);

    private static Party Party(JsonElement party) =>
        new(party.GetProperty("id").GetString()!, party.GetProperty("name").GetString()!, OptionalString(party, "email"));

    private Approval Approval(JsonElement approval, string pointer) => new(
        Party(approval.GetProperty("approver")),
        Instant(approval.GetProperty("approvedAt"), pointer + "/approvedAt"),
        OptionalString(approval, "level"));

    private ExpenseLine Line(JsonElement line, string pointer)
    {
        var gross = Decimal(line.GetProperty("grossAmount"), pointer + "/grossAmount");
        var tax = line.TryGetProperty("taxAmount", out var t) ? Decimal(t, pointer + "/taxAmount") : 0m;
        var net = line.TryGetProperty("netAmount", out var n) ? Decimal(n, pointer + "/netAmount") : gross - tax;
        var deductible = line.TryGetProperty("taxDeductiblePercent", out var d) ? Decimal(d, pointer + "/taxDeductiblePercent") : 100m;
        var original = line.TryGetProperty("original", out var o)
            ? new ForeignAmount(
                Decimal(o.GetProperty("amount"), pointer + "/original/amount"),
                o.GetProperty("currency").GetString()!,
                Decimal(o.GetProperty("exchangeRate"), pointer + "/original/exchangeRate"))
            : null;
        var allocations = line.TryGetProperty("allocations", out var a)
            ? a.EnumerateArray().Select((x, i) => Allocation(x, $"{pointer}/allocations/{i}")).ToList()
            : [];

        return new ExpenseLine(
            LineId: line.GetProperty("lineId").GetString()!,
            ExpenseType: line.GetProperty("expenseType").GetString()!,
            TransactionDate: Date(line.GetProperty("transactionDate"), pointer + "/transactionDate"),
            Merchant: OptionalString(line, "merchant"),
            PaymentType: line.GetProperty("paymentType").GetString() == "companyCard" ? PaymentType.CompanyCard : PaymentType.OutOfPocket,
            GrossAmount: gross,
            TaxAmount: tax,
            NetAmount: net,
            TaxCode: OptionalString(line, "taxCode"),
            TaxDeductiblePercent: deductible,
            Description: OptionalString(line, "description"),
            Original: original,
            Allocations: allocations,
            LegalEntity: OptionalString(line, "legalEntity"),
            CardTransactionId: OptionalString(line, "cardTransactionId"));
    }

    private Allocation Allocation(JsonElement allocation, string pointer) => new(
        OptionalString(allocation, "costCenter"),
        OptionalString(allocation, "project"),
        allocation.TryGetProperty("percent", out var p) ? Decimal(p, pointer + "/percent") : null,
        allocation.TryGetProperty("amount", out var a) ? Decimal(a, pointer + "/amount") : null);

    private static Attachment Attachment(JsonElement attachment, int index)
    {
        var url = OptionalString(attachment, "url");
        return new Attachment(
            Index: index,
            FileName: attachment.GetProperty("fileName").GetString()!,
            ContentType: OptionalString(attachment, "contentType"),
            LineId: OptionalString(attachment, "lineId"),
            InlineContent: attachment.TryGetProperty("contentBase64", out _),
            Url: url);
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;

    private decimal Decimal(JsonElement element, string pointer)
    {
        if (element.TryGetDecimal(out var value))
        {
            return value;
        }

        _errors.Add(new FieldError(pointer, $"is not an amount FinanceFlow can hold exactly ({element.GetRawText()})"));
        return 0m;
    }

    private int Int(JsonElement element, string pointer)
    {
        // JSON Schema counts 2.0 as an integer, so read through decimal.
        if (element.TryGetDecimal(out var value) && value == decimal.Truncate(value) && value is >= int.MinValue and <= int.MaxValue)
        {
            return (int)value;
        }

        _errors.Add(new FieldError(pointer, $"is not a whole number FinanceFlow can hold ({element.GetRawText()})"));
        return 0;
    }

    private DateOnly Date(JsonElement element, string pointer)
    {
        if (DateOnly.TryParseExact(element.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        _errors.Add(new FieldError(pointer, $"must be a date like 2026-11-20, not {element.GetRawText()}"));
        return default;
    }

    private DateTimeOffset Instant(JsonElement element, string pointer)
    {
        if (element.TryGetDateTimeOffset(out var instant)
            || DateTimeOffset.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant))
        {
            return instant;
        }

        _errors.Add(new FieldError(pointer, $"must be a date-time with offset like 2026-11-19T10:00:00Z, not {element.GetRawText()}"));
        return default;
    }
}
