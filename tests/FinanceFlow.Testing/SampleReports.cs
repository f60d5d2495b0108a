using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Testing;

/// <summary>Small, valid canonical reports for workflow tests.</summary>
public static class SampleReports
{
    public static ExpenseReport Dinner(string reportId = "R-1001", int version = 1) => new(
        "canonical",
        reportId,
        version,
        "US01",
        "Client dinner",
        new Party("E100", "Ada Lovelace"),
        new Party("E100", "Ada Lovelace"),
        [new Approval(new Party("M200", "Grace Hopper"), new DateTimeOffset(2026, 11, 20, 15, 0, 0, TimeSpan.Zero))],
        "USD",
        60.00m,
        new DateTimeOffset(2026, 11, 19, 10, 0, 0, TimeSpan.Zero),
        new DateOnly(2026, 11, 20),
        [new ExpenseLine("1", "Meals", new DateOnly(2026, 11, 18), "Joe's", PaymentType.OutOfPocket, 60.00m, 5.00m, 55.00m, "VAT", 100m, "dinner", null, [])],
        []);

    public static JournalEntry Journal(string reference = "FF-CANONICAL-R-1001") => new(
        reference,
        "US01",
        new DateOnly(2026, 11, 20),
        "USD",
        "canonical report R-1001 v1 | Client dinner",
        [
            new JournalLine(AccountRole.Expense, "expenses:meals", 55.00m, 0m),
            new JournalLine(AccountRole.InputTax, "assets:vat:input", 5.00m, 0m),
            new JournalLine(AccountRole.EmployeePayable, "liabilities:employees:e100", 0m, 60.00m),
        ]);

    public static string CanonicalJson(string reportId = "R-1001", int version = 1, decimal total = 60.00m) => $$"""
        {
          "reportId": "{{reportId}}", "version": {{version}}, "legalEntity": "US01", "title": "Client dinner",
          "employee": {"id": "E100", "name": "Ada Lovelace"},
          "submitter": {"id": "E100", "name": "Ada Lovelace"},
          "approvals": [{"approver": {"id": "M200", "name": "Grace Hopper"}, "approvedAt": "2026-11-20T15:00:00Z"}],
          "currency": "USD", "totalAmount": {{total.ToString(System.Globalization.CultureInfo.InvariantCulture)}},
          "submittedAt": "2026-11-19T10:00:00Z",
          "lines": [{"lineId": "1", "expenseType": "Meals", "transactionDate": "2026-11-18", "paymentType": "outOfPocket",
                     "grossAmount": 60.00, "taxAmount": 5.00, "netAmount": 55.00}]
        }
        """;
}
