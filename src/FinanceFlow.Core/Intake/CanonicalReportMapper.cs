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
    /// <summary>Largest amount taken: products and sums of amounts stay far inside what decimal holds.</summary>
    public const decimal MaxAmount = 1_000_000_000_000_000m;

    /// <summary>Largest allocation percent taken (policy checks they come to 100).</summary>
    public const decimal MaxPercent = 1_000m;

    /// <summary>Largest exchange rate taken (report-currency units per unit; the largest real ones are in the tens of thousands).</summary>
    public const decimal MaxExchangeRate = 1_000_000m;

    /// <summary>Most decimals of any number: finer than any currency or rate needs.</summary>
    public const int MaxDecimals = 8;

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
        TotalAmount: Amount(root.GetProperty("totalAmount"), "/totalAmount"),
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
        var gross = Amount(line.GetProperty("grossAmount"), pointer + "/grossAmount");
        var tax = line.TryGetProperty("taxAmount", out var t) ? Amount(t, pointer + "/taxAmount") : 0m;
        var net = line.TryGetProperty("netAmount", out var n) ? Amount(n, pointer + "/netAmount") : gross - tax;
        var deductible = line.TryGetProperty("taxDeductiblePercent", out var d) ? Decimal(d, pointer + "/taxDeductiblePercent") : 100m;
        var original = line.TryGetProperty("original", out var o)
            ? new ForeignAmount(
                Amount(o.GetProperty("amount"), pointer + "/original/amount"),
                o.GetProperty("currency").GetString()!,
                Decimal(o.GetProperty("exchangeRate"), pointer + "/original/exchangeRate", MaxExchangeRate))
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
        allocation.TryGetProperty("percent", out var p) ? Decimal(p, pointer + "/percent", MaxPercent) : null,
        allocation.TryGetProperty("amount", out var a) ? Amount(a, pointer + "/amount") : null);

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

    private decimal Amount(JsonElement element, string pointer) => Decimal(element, pointer, MaxAmount);

    /// <summary>The number, when decimal holds it exactly and it is within ±<paramref name="max"/> with at most <see cref="MaxDecimals"/> decimals.</summary>
    private decimal Decimal(JsonElement element, string pointer, decimal max = 100m)
    {
        if (element.TryGetDecimal(out var value) && Math.Abs(value) <= max && value.Scale <= MaxDecimals)
        {
            return value;
        }

        var sent = element.GetRawText();
        sent = sent.Length <= 40 ? sent : sent[..37] + "...";
        _errors.Add(new FieldError(pointer, element.TryGetDecimal(out _)
            ? string.Create(CultureInfo.InvariantCulture, $"must be between -{max} and {max} with at most {MaxDecimals} decimals, not {sent}")
            : $"is not an amount FinanceFlow can hold exactly ({sent})"));
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
