using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using static FinanceFlow.Core.Tests.Reports;

namespace FinanceFlow.Core.Tests;

public class PostingRulesTests
{
    private static readonly DateOnly AccountingDate = new(2026, 11, 20);

    private static JournalEntry Build(ExpenseReport report) => PostingRules.BuildJournal(report, new AccountMap(), AccountingDate);

    private static void AssertPostable(JournalEntry entry)
    {
        Assert.True(entry.IsBalanced, $"debits {entry.TotalDebit} vs credits {entry.TotalCredit}");
        Assert.Empty(JournalValidation.Validate(entry));
    }

    [Fact]
    public void BuildJournal_SimpleLine_DebitsExpenseAndCreditsEmployee()
    {
        var entry = Build(Report(Line("1", 50.00m)));

        AssertPostable(entry);
        Assert.Equal(
            [
                new JournalLine(AccountRole.Expense, "expenses:meals", 50.00m, 0m, Memo: "Line 1 | Joe's | client dinner"),
                new JournalLine(AccountRole.EmployeePayable, "liabilities:employees:e100", 0m, 50.00m, Memo: "Owed to Ada Lovelace (E100)"),
            ],
            entry.Lines);
        Assert.Equal("E100", entry.Employee);
    }

    [Fact]
    public void BuildJournal_CreditLine_CreditsTheExpenseAndLowersWhatTheEmployeeIsOwed()
    {
        var entry = Build(Report(Line("1", 50.00m), Line("2", -12.00m, tax: -2.00m)));

        AssertPostable(entry);
        Assert.Equal(
            [
                new JournalLine(AccountRole.Expense, "expenses:meals", 50.00m, 0m, Memo: "Line 1 | Joe's | client dinner"),
                new JournalLine(AccountRole.Expense, "expenses:meals", 0m, 10.00m, Memo: "Line 2 | Joe's | client dinner"),
                new JournalLine(AccountRole.InputTax, "assets:vat:input", 0m, 2.00m, Memo: "Line 2 | Joe's | client dinner | input tax VAT20 100% of -2.00"),
                new JournalLine(AccountRole.EmployeePayable, "liabilities:employees:e100", 0m, 38.00m, Memo: "Owed to Ada Lovelace (E100)"),
            ],
            entry.Lines);
    }

    [Fact]
    public void BuildJournal_Report_CarriesReferenceDescriptionAndDate()
    {
        var entry = Build(Report(Line()));

        Assert.Equal(("FF-CONCUR-R-1001", "US01", AccountingDate, "USD"), (entry.ExternalReference, entry.LegalEntity, entry.AccountingDate, entry.Currency));
        Assert.Equal("concur report R-1001 v1 | NYC client visit", entry.Description);
    }

    [Fact]
    public void BuildJournal_ThreeEqualPercentAllocationsOf100_SplitsToTheCentAndBalances()
    {
        var report = Report(Line(gross: 100.00m, allocations: [Percent(33.33m, "A"), Percent(33.33m, "B"), Percent(33.34m, "C")]));

        var entry = Build(report);

        AssertPostable(entry);
        Assert.Equal([33.33m, 33.33m, 33.34m], entry.Lines.Where(l => l.Role == AccountRole.Expense).Select(l => l.Debit));
        Assert.Equal(["A", "B", "C"], entry.Lines.Where(l => l.Role == AccountRole.Expense).Select(l => l.CostCenter));
    }

    [Fact]
    public void BuildJournal_PartlyDeductibleTax_PostsReclaimableShareToInputTaxAndRestToExpense()
    {
        // 15.50 tax, 50 % reclaimable = 7.75; the expense keeps 165.50 - 7.75 = 157.75.
        var entry = Build(Report(Line(gross: 165.50m, tax: 15.50m, deductiblePercent: 50m, expenseType: "Hotel")));

        AssertPostable(entry);
        Assert.Equal(157.75m, Assert.Single(entry.Lines, l => l.Role == AccountRole.Expense).Debit);
        var inputTax = Assert.Single(entry.Lines, l => l.Role == AccountRole.InputTax);
        Assert.Equal(("assets:vat:input", 7.75m), (inputTax.Account, inputTax.Debit));
        Assert.Contains("VAT20", inputTax.Memo, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildJournal_DeductibleTaxWithHalfCent_RoundsAndStillBalances()
    {
        // 33 % of 10.01 = 3.3033 → 3.30; expense takes the rest.
        var entry = Build(Report(Line(gross: 61.01m, tax: 10.01m, deductiblePercent: 33m)));

        AssertPostable(entry);
        Assert.Equal(3.30m, Assert.Single(entry.Lines, l => l.Role == AccountRole.InputTax).Debit);
        Assert.Equal(57.71m, Assert.Single(entry.Lines, l => l.Role == AccountRole.Expense).Debit);
    }

    [Fact]
    public void BuildJournal_MixedOutOfPocketAndCard_CreditsEmployeeAndCardSeparately()
    {
        var report = Report(
            Line("1", 60.00m, 5.00m, allocations: [Percent(60, "CC-100"), Percent(40, "CC-200")]),
            Line("2", 165.50m, 15.50m, PaymentType.CompanyCard, 50m, "Hotel", Amount(100.00m, "CC-100"), Amount(65.50m, "CC-200")),
            Line("3", 20.00m, expenseType: "Taxi"));

        var entry = Build(report);

        AssertPostable(entry);
        Assert.Equal(80.00m, Assert.Single(entry.Lines, l => l.Role == AccountRole.EmployeePayable).Credit);
        Assert.Equal(165.50m, Assert.Single(entry.Lines, l => l.Role == AccountRole.CardPayable).Credit);
        Assert.Equal(245.50m, entry.TotalDebit);
    }

    [Fact]
    public void BuildJournal_AmountAllocationsWithReclaimedTax_SplitsTheExpenseInProportion()
    {
        // Expense 157.75 over 100.00 / 65.50 of 165.50: 95.32 and 62.43.
        var report = Report(Line("2", 165.50m, 15.50m, PaymentType.CompanyCard, 50m, "Hotel", Amount(100.00m, "CC-100"), Amount(65.50m, "CC-200")));

        var entry = Build(report);

        AssertPostable(entry);
        Assert.Equal([95.32m, 62.43m], entry.Lines.Where(l => l.Role == AccountRole.Expense).Select(l => l.Debit));
    }

    [Fact]
    public void BuildJournal_JapaneseYen_PostsWholeYen()
    {
        var report = Report("JPY", Line(gross: 10000m, tax: 909m, deductiblePercent: 50m, allocations: [Percent(33.33m, "A"), Percent(33.33m, "B"), Percent(33.34m, "C")]));

        var entry = Build(report);

        AssertPostable(entry);
        Assert.All(entry.Lines, l => Assert.Equal(decimal.Truncate(l.Debit + l.Credit), l.Debit + l.Credit));
        Assert.Equal(455m, Assert.Single(entry.Lines, l => l.Role == AccountRole.InputTax).Debit);
    }

    [Fact]
    public void BuildJournal_BahrainiDinar_PostsToTheFils()
    {
        var report = Report("BHD", Line(gross: 10.000m, tax: 0.952m, deductiblePercent: 50m, allocations: [Percent(50, "A"), Percent(50, "B")]));

        var entry = Build(report);

        AssertPostable(entry);
        Assert.Equal(0.476m, Assert.Single(entry.Lines, l => l.Role == AccountRole.InputTax).Debit);
        Assert.Equal([4.762m, 4.762m], entry.Lines.Where(l => l.Role == AccountRole.Expense).Select(l => l.Debit));
    }

    [Fact]
    public void BuildJournal_ExpenseTypeMapped_UsesTheConfiguredAccount()
    {
        var accounts = new AccountMap { ExpenseTypes = new(StringComparer.OrdinalIgnoreCase) { ["Air Fare"] = "expenses:travel:air" } };

        var entry = PostingRules.BuildJournal(Report(Line(expenseType: "air fare")), accounts, AccountingDate);

        Assert.Equal("expenses:travel:air", entry.Lines[0].Account);
    }
}
