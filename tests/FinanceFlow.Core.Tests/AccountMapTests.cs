using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Core.Tests;

public class AccountMapTests
{
    [Theory]
    [InlineData(AccountRole.Expense, "expenses:office-supplies")]
    [InlineData(AccountRole.InputTax, "assets:vat:input")]
    [InlineData(AccountRole.EmployeePayable, "liabilities:employees:e-100")]
    [InlineData(AccountRole.CardPayable, "liabilities:card")]
    [InlineData(AccountRole.CardClearing, "assets:card-clearing")]
    [InlineData(AccountRole.CashAdvanceClearing, "assets:cash-advances:e-100")]
    public void Resolve_Defaults_GiveHledgerStyleAccounts(AccountRole role, string expected)
    {
        Assert.Equal(expected, new AccountMap().Resolve(role, "Office Supplies", "E 100"));
    }

    [Fact]
    public void Resolve_ValuesWithColonsAndSymbols_CannotAddAccountLevels()
    {
        var account = new AccountMap().Resolve(AccountRole.Expense, "Meals:  Client / Team (50%)", "E100");

        Assert.Equal("expenses:meals--client--team-50", account);
    }

    [Fact]
    public void Resolve_ExpenseTypeOverride_MatchesAnyCase()
    {
        var map = new AccountMap { ExpenseTypes = new(StringComparer.OrdinalIgnoreCase) { ["Meals"] = "expenses:meals-and-entertainment" } };

        Assert.Equal("expenses:meals-and-entertainment", map.Resolve(AccountRole.Expense, "MEALS", "E100"));
    }

    [Fact]
    public void Resolve_OverrideInCaseSensitiveDictionary_StillMatchesAnyCase()
    {
        var map = new AccountMap { ExpenseTypes = new() { ["Meals"] = "expenses:meals" } };

        Assert.Equal("expenses:meals", map.Resolve(AccountRole.Expense, "meals", "E100"));
    }

    [Fact]
    public void Resolve_NothingLeftAfterSlugging_UsesUnknown()
    {
        Assert.Equal("expenses:unknown", new AccountMap().Resolve(AccountRole.Expense, "???", "E100"));
    }
}
