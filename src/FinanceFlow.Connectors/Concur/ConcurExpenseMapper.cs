using FinanceFlow.Core.Model;

namespace FinanceFlow.Connectors.Concur;

/// <summary>Maps an FIS expense document to the canonical report.</summary>
/// <remarks>
/// One canonical line per expense entry (Concur sends each itemization as an entry of its own); personal entries are
/// left out, they are not company expenses. Amounts are in the report (reimbursement) currency; the spend amount and
/// the document's own rate travel as <see cref="ForeignAmount"/>. The document names no approvers: the completed
/// approval workflow is recorded as one approval at reportPaymentProcessingDate.
/// </remarks>
public static class ConcurExpenseMapper
{
    /// <summary>The canonical report of a parsed, valid expense document.</summary>
    public static ExpenseReport Map(ConcurFinancialDocument document, ConcurPostingOptions options)
    {
        var expense = document.Expense ?? throw new ArgumentException("Not an expense document.", nameof(document));
        var report = expense.Report!;
        var settings = options.For(document.CompanyId);
        var currency = ConcurDocumentFacts.Currency(report);
        var units = ConcurDocumentFacts.MinorUnits(currency);
        var employee = new Party(expense.Employee!.EmployeeId!.Trim(), expense.Employee.DisplayName);
        var accountingDate = ConcurDocumentFacts.Date(report.ReportPaymentProcessingDate ?? report.ReportSubmitDate);

        var lines = new List<ExpenseLine>();
        foreach (var entry in expense.ExpenseEntry!)
        {
            if (!ConcurPaymentCodes.IsYes(entry.EntryIsPersonal))
            {
                lines.Add(MapLine(entry, currency, units, settings, accountingDate));
            }
        }

        var approvals = report.ReportPaymentProcessingDate is { } approvedAt
            ? new[] { new Approval(new Party("concur-workflow", "SAP Concur approval workflow"), approvedAt, "final") }
            : [];

        return new ExpenseReport(
            SourceNames.Concur,
            report.ReportId!.Trim(),
            ConcurDocumentFacts.Version(report),
            ConcurDocumentFacts.LegalEntity(document, settings),
            report.ReportName,
            employee,
            employee,
            approvals,
            currency,
            Currencies.Round(report.TotalApprovedAmount ?? lines.Sum(l => l.GrossAmount), units),
            report.ReportSubmitDate ?? report.ReportCreationDate ?? report.ReportPaymentProcessingDate ?? DateTimeOffset.UnixEpoch,
            accountingDate,
            lines,
            []);
    }

    private static ExpenseLine MapLine(ConcurExpenseEntry entry, string currency, int units, ConcurCompanyPosting settings, DateOnly? fallbackDate)
    {
        var allocations = entry.Allocation ?? [];
        var taxes = allocations.SelectMany(a => a.Tax ?? []).ToList();
        var gross = Currencies.Round(entry.EntryApprovedAmount ?? 0m, units);
        var tax = Currencies.Round(taxes.Sum(t => t.AmountTax ?? 0m), units);
        var reclaim = taxes.Sum(t => t.AmountReclaim ?? 0m);
        var taxCodes = taxes.Select(t => t.TaxCode ?? t.TaxAuthorityLabel ?? t.TaxReclaimCode).Where(c => !string.IsNullOrWhiteSpace(c)).Distinct().ToList();
        // A card credit comes from the card (IBCP → COMP), a charge goes to it.
        var companyPaid = allocations.SelectMany(a => a.Journal ?? []).Any(j =>
            ConcurPaymentCodes.IsCompanyPaid(ConcurPaymentCodes.Normalize(j.JournalPayee)) || ConcurPaymentCodes.IsCompanyPaid(ConcurPaymentCodes.Normalize(j.JournalPayer)));

        return new ExpenseLine(
            entry.EntryId!.Trim(),
            ConcurDocumentFacts.ExpenseType(entry),
            ConcurDocumentFacts.Date(entry.EntryDate) ?? fallbackDate ?? DateOnly.MinValue,
            ConcurDocumentFacts.Merchant(entry),
            companyPaid ? PaymentType.CompanyCard : PaymentType.OutOfPocket,
            gross,
            tax,
            gross - tax,
            taxCodes.Count == 0 ? null : string.Join('+', taxCodes),
            tax == 0m ? 0m : decimal.Round(reclaim / tax * 100m, 4, MidpointRounding.AwayFromZero),
            string.IsNullOrWhiteSpace(entry.EntryDescription) ? null : entry.EntryDescription.Trim(),
            Original(entry, currency),
            [.. allocations.Select(a => new Allocation(
                ConcurDocumentFacts.CostObject(a, settings.CostCenterField),
                ConcurDocumentFacts.CostObject(a, settings.ProjectField),
                a.AllocationPercentage,
                null))],
            ReceiptAtSource: ReceiptAtSource(entry));
    }

    // Concur holds the receipt Concur's audit saw: an image (entryReceiptId), an e-receipt, or a tax or regular receipt (T, R); N is none.
    private static string? ReceiptAtSource(ConcurExpenseEntry entry) =>
        !string.IsNullOrWhiteSpace(entry.EntryReceiptId) ? "concur receipt image " + entry.EntryReceiptId.Trim()
        : !string.IsNullOrWhiteSpace(entry.EntryElectronicReceiptId) ? "concur e-receipt " + entry.EntryElectronicReceiptId.Trim()
        : entry.EntryReceiptType?.Trim().ToUpperInvariant() is "T" or "R" ? "concur receipt type " + entry.EntryReceiptType.Trim().ToUpperInvariant()
        : null;

    // Canonical rates are report-currency units per spend unit; Concur's D direction divides, so it is inverted.
    private static ForeignAmount? Original(ConcurExpenseEntry entry, string currency)
    {
        var spendCurrency = entry.EntryCurrAlphaCode?.Trim().ToUpperInvariant();
        if (spendCurrency is null || spendCurrency == currency || entry.ReportEntryTransactionAmount is not { } amount || entry.EntryExchangeRate is not { } rate || rate == 0m)
        {
            return null;
        }

        var divide = string.Equals(entry.EntryExchangeRateDirection?.Trim(), "D", StringComparison.OrdinalIgnoreCase);
        return new ForeignAmount(amount, spendCurrency, divide ? 1m / rate : rate);
    }
}
