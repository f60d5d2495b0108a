using System.Globalization;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Connectors.Concur;

/// <summary>Values both the mapper and the posting rules read the same way.</summary>
internal static class ConcurDocumentFacts
{
    public static string LegalEntity(ConcurFinancialDocument document, ConcurCompanyPosting settings) =>
        !string.IsNullOrWhiteSpace(settings.LegalEntity) ? settings.LegalEntity
        : !string.IsNullOrWhiteSpace(document.CompanyId) ? document.CompanyId
        : SourceNames.Concur;

    /// <summary>revisionNumber (Concur counts changes to posted reports from 1); 1 when absent or not a number.</summary>
    public static int Version(ConcurReport report) =>
        int.TryParse(report.RevisionNumber, NumberStyles.Integer, CultureInfo.InvariantCulture, out var revision) && revision >= 1 ? revision : 1;

    public static string Currency(ConcurReport report) => report.EmployeeCurrencyAlphaCode!.Trim().ToUpperInvariant();

    public static int MinorUnits(string currency) => Currencies.TryGetMinorUnits(currency, out var units) ? units : 2;

    public static DateOnly? Date(DateTimeOffset? instant) => instant is { } value ? DateOnly.FromDateTime(value.DateTime) : null;

    public static string? CostObject(ConcurAllocation allocation, int field) =>
        field == 0 ? null : allocation.CustomCode(field) is { Length: > 0 } code && !string.IsNullOrWhiteSpace(code) ? code.Trim() : null;

    public static string ExpenseType(ConcurExpenseEntry entry) =>
        !string.IsNullOrWhiteSpace(entry.ExpenseTypeName) ? entry.ExpenseTypeName.Trim() : entry.ExpenseTypeCode!.Trim();

    public static string? Merchant(ConcurExpenseEntry entry) =>
        !string.IsNullOrWhiteSpace(entry.EntryVendorDescription) ? entry.EntryVendorDescription.Trim()
        : !string.IsNullOrWhiteSpace(entry.EntryVendorCode) ? entry.EntryVendorCode.Trim()
        : null;

    /// <summary>The tax items of an allocation that belong to one journal row: those its taxGuid names, or all of them when the row is the only one.</summary>
    public static IReadOnlyList<ConcurTax> TaxesOf(ConcurAllocation allocation, ConcurJournalRow row)
    {
        var taxes = allocation.Tax ?? [];
        if (taxes.Count == 0)
        {
            return [];
        }

        if (row.TaxGuid is { Count: > 0 } guids)
        {
            return [.. taxes.Where(t => t.TaxGuid is not null && guids.Contains(t.TaxGuid, StringComparer.OrdinalIgnoreCase))];
        }

        return allocation.Journal is { Count: 1 } ? taxes : [];
    }
}
