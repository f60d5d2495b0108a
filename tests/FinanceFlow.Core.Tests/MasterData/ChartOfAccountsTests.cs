using FinanceFlow.Core.MasterData;

namespace FinanceFlow.Core.Tests.MasterData;

public sealed class ChartOfAccountsTests
{
    [Fact]
    public void PostableAccounts_HledgerAccountNames_KeepsLeavesAndDropsImpliedParents()
    {
        // What hledger-web 1.25 answers to GET /accountnames for a journal declaring expenses:travel, expenses:meals,
        // liabilities:employees and equity, with one transaction on expenses:fuel and assets:bank.
        string[] names = ["assets", "assets:bank", "equity", "expenses", "expenses:fuel", "expenses:meals", "expenses:travel", "liabilities:employees"];

        var postable = ChartOfAccounts.PostableAccounts(names);

        Assert.Equal(["assets:bank", "equity", "expenses:fuel", "expenses:meals", "expenses:travel", "liabilities:employees"], postable);
    }

    [Fact]
    public void PostableAccounts_SiblingSharingAPrefix_IsNotTakenForAChild()
    {
        var postable = ChartOfAccounts.PostableAccounts(["expenses", "expenses0", "expenses-misc", "Expenses:Travel", "expenses:travel", " "]);

        Assert.Equal(["expenses0", "expenses-misc", "Expenses:Travel"], postable);
    }
}
