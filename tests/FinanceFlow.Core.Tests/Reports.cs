using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Tests;

/// <summary>Clean reports that pass every policy rule; tests change one thing with <c>with</c>.</summary>
internal static class Reports
{
    public static readonly DateOnly Today = new(2026, 11, 25);

    public static readonly PolicySettings Settings = new() { ReceiptRequiredAbove = 75m };

    public static readonly Party Employee = new("E100", "Ada Lovelace", "ada@example.com");

    public static readonly Party Manager = new("M200", "Grace Hopper");

    public static ExpenseLine Line(
        string id = "1",
        decimal gross = 50m,
        decimal tax = 0m,
        PaymentType payment = PaymentType.OutOfPocket,
        decimal deductiblePercent = 100m,
        string expenseType = "Meals",
        params Allocation[] allocations) =>
        new(
            LineId: id,
            ExpenseType: expenseType,
            TransactionDate: new DateOnly(2026, 11, 18),
            Merchant: "Joe's",
            PaymentType: payment,
            GrossAmount: gross,
            TaxAmount: tax,
            NetAmount: gross - tax,
            TaxCode: tax == 0m ? null : "VAT20",
            TaxDeductiblePercent: deductiblePercent,
            Description: "client dinner",
            Original: null,
            Allocations: allocations);

    public static ExpenseReport Report(params ExpenseLine[] lines) => Report("USD", lines);

    public static ExpenseReport Report(string currency, params ExpenseLine[] lines)
    {
        lines = lines.Length == 0 ? [Line()] : lines;
        return new ExpenseReport(
            Source: "concur",
            ReportId: "R-1001",
            Version: 1,
            LegalEntity: "US01",
            Title: "NYC client visit",
            Employee: Employee,
            Submitter: Employee,
            Approvals: [new Approval(Manager, new DateTimeOffset(2026, 11, 20, 15, 4, 5, TimeSpan.Zero), "manager")],
            Currency: currency,
            TotalAmount: lines.Sum(l => l.GrossAmount),
            SubmittedAt: new DateTimeOffset(2026, 11, 19, 10, 0, 0, TimeSpan.Zero),
            AccountingDate: null,
            Lines: lines,
            Attachments: []);
    }

    public static Attachment Receipt(string? lineId, int index = 0) =>
        new(index, "receipt.pdf", "application/pdf", lineId, InlineContent: true, Url: null);

    public static Allocation Percent(decimal percent, string costCenter) => new(costCenter, null, percent, null);

    public static Allocation Amount(decimal amount, string costCenter) => new(costCenter, null, null, amount);
}
