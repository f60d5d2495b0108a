using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Policy;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Core.Tests;

public class JournalValidationTests
{
    private static JournalEntry Entry(string currency, params JournalLine[] lines) =>
        new("FF-CONCUR-R-1", "US01", new DateOnly(2026, 11, 20), currency, "test", lines);

    private static JournalLine Debit(decimal amount) => new(AccountRole.Expense, "expenses:meals", amount, 0m);

    private static JournalLine Credit(decimal amount) => new(AccountRole.EmployeePayable, "liabilities:employees:e100", 0m, amount);

    private static IEnumerable<string> Codes(JournalEntry entry) => JournalValidation.Validate(entry).Select(f => f.Code);

    [Fact]
    public void Validate_BalancedEntry_HasNoFindings()
    {
        Assert.Empty(JournalValidation.Validate(Entry("USD", Debit(10.00m), Debit(5.50m), Credit(15.50m))));
    }

    [Fact]
    public void Validate_DebitsNotEqualCredits_NamesBothTotals()
    {
        var finding = Assert.Single(JournalValidation.Validate(Entry("USD", Debit(10.00m), Credit(9.99m))));

        Assert.Equal(PolicyCodes.JournalUnbalanced, finding.Code);
        Assert.Equal("Debits 10.00 USD do not equal credits 9.99 USD.", finding.Message);
    }

    [Fact]
    public void Validate_LineWithBothOrNeitherSide_FlagsThatLine()
    {
        var entry = Entry("USD", Debit(10m), new JournalLine(AccountRole.EmployeePayable, "x", 5m, 5m), new JournalLine(AccountRole.CardPayable, "y", 0m, 0m), Credit(10m));

        var findings = JournalValidation.Validate(entry);

        Assert.Equal(["/lines/1", "/lines/2"], findings.Where(f => f.Code == PolicyCodes.JournalLineSides).Select(f => f.Path));
    }

    [Fact]
    public void Validate_NegativeAmount_IsFlagged()
    {
        Assert.Contains(PolicyCodes.JournalNegativeAmount, Codes(Entry("USD", Debit(-10m), Credit(-10m))));
    }

    [Fact]
    public void Validate_SingleLine_IsTooFew()
    {
        Assert.Contains(PolicyCodes.JournalTooFewLines, Codes(Entry("USD", Debit(0m))));
    }

    [Fact]
    public void Validate_UnknownCurrency_IsFlagged()
    {
        Assert.Equal([PolicyCodes.UnknownCurrency], Codes(Entry("ABC", Debit(10m), Credit(10m))));
    }

    [Theory]
    [InlineData("JPY", "100.5")]
    [InlineData("USD", "1.001")]
    [InlineData("BHD", "1.0001")]
    public void Validate_AmountFinerThanCurrency_IsFlagged(string currency, string amountText)
    {
        var amount = decimal.Parse(amountText, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Contains(PolicyCodes.TooManyDecimals, Codes(Entry(currency, Debit(amount), Credit(amount))));
    }
}
