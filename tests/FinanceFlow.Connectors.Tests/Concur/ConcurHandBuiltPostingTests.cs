using FinanceFlow.Connectors.Concur;
using FinanceFlow.Core.Journal;
using static FinanceFlow.Connectors.Tests.Concur.ConcurTestDocuments;

namespace FinanceFlow.Connectors.Tests.Concur;

/// <summary>Cases the reference folder lacks (cash advances, company cards with personal charges, VAT variants), hand-built in Concur's shape.</summary>
public sealed class ConcurHandBuiltPostingTests
{
    [Fact]
    public void BuildJournal_CashAdvanceIssued_DebitsClearingAndOwesTheEmployee()
    {
        var journal = Post(HandBuilt("cashadvance-issued.json"));

        AssertLines(journal, "EUR",
            (AccountRole.CashAdvanceClearing, 300m, 0m),
            (AccountRole.EmployeePayable, 0m, 300m));
        Assert.Equal("1410", journal.Lines[0].Account);
        Assert.Equal("FF-CONCUR-cashadvance-ADV-17", journal.ExternalReference); // the issuance runs as report cashadvance-{cashAdvanceId}
    }

    [Fact]
    public void BuildJournal_CashAdvanceReturned_ReversesTheClearing()
    {
        AssertLines(Post(HandBuilt("cashadvance-returned.json")), "EUR",
            (AccountRole.CashAdvanceClearing, 0m, 100m),
            (AccountRole.EmployeePayable, 100m, 0m));
    }

    [Fact]
    public void BuildJournal_AdvanceAppliedLowerThanTheReport_PaysTheEmployeeTheRest()
    {
        AssertLines(Post(HandBuilt("expense-cashadvance-applied-lower.json")), "EUR",
            (AccountRole.Expense, 400m, 0m),
            (AccountRole.Expense, 100m, 0m),
            (AccountRole.CashAdvanceClearing, 0m, 300m),
            (AccountRole.EmployeePayable, 0m, 200m));
    }

    [Fact]
    public void BuildJournal_AdvanceAppliedHigherThanTheReport_TheEmployeeOwesTheDifference()
    {
        AssertLines(Post(HandBuilt("expense-cashadvance-applied-higher.json")), "EUR",
            (AccountRole.Expense, 200m, 0m),
            (AccountRole.CashAdvanceClearing, 0m, 300m),
            (AccountRole.EmployeePayable, 100m, 0m));
    }

    [Fact]
    public void BuildJournal_AdvanceIssuedThenApplied_ClearingComesBackToZero()
    {
        var journals = new[] { "cashadvance-issued.json", "expense-cashadvance-applied-higher.json" }.Select(f => Post(HandBuilt(f))).ToList();

        var clearing = journals.SelectMany(j => j.Lines).Where(l => l.Role == AccountRole.CashAdvanceClearing).Sum(l => l.Debit - l.Credit);
        var employee = journals.SelectMany(j => j.Lines).Where(l => l.Role == AccountRole.EmployeePayable).Sum(l => l.Credit - l.Debit);

        Assert.Equal(0m, clearing);
        Assert.Equal(200m, employee); // paid 300 up front, spent 200: 100 comes back, the ledger owes what was spent
    }

    [Fact]
    public void BuildJournal_IbcpPersonalChargeWithOffset_EmployeeOwesTheCardPart()
    {
        // Business 180 on the card, personal 20 on the card (charge row + EMPL → COMP offset), taxi 30 in cash.
        // The card vendor is owed the whole 200; the employee is owed 30 - 20 = 10; the clearing pair nets out.
        var journal = Post(HandBuilt("expense-ibcp-personal-offset.json"));

        AssertLines(journal, "USD",
            (AccountRole.Expense, 180m, 0m),
            (AccountRole.Expense, 30m, 0m),
            (AccountRole.CardPayable, 0m, 200m),
            (AccountRole.EmployeePayable, 0m, 10m));
        Assert.Equal("2110", journal.Lines.Single(l => l.Role == AccountRole.CardPayable).Account);
    }

    [Fact]
    public void BuildJournal_IbcpSettledThroughEmployeeVendor_PersonalChargeWashes()
    {
        // The card is paid out of the employee vendor account, so the vendor carries business charges and cash alike;
        // paying the 200 card bill from it later leaves the employee owed 10, the same as above.
        var options = With("CARDCO", new ConcurCompanyPosting { IndividuallyBilledCard = ConcurCardCredit.EmployeeVendor });

        AssertLines(Post(HandBuilt("expense-ibcp-personal-offset.json"), options), "USD",
            (AccountRole.Expense, 180m, 0m),
            (AccountRole.Expense, 30m, 0m),
            (AccountRole.EmployeePayable, 0m, 210m));
    }

    [Fact]
    public void BuildJournal_IbcpThroughCardClearing_ClearingCarriesTheWholeCharge()
    {
        var options = With("CARDCO", new ConcurCompanyPosting { IndividuallyBilledCard = ConcurCardCredit.CardClearing });

        AssertLines(Post(HandBuilt("expense-ibcp-personal-offset.json"), options), "USD",
            (AccountRole.Expense, 180m, 0m),
            (AccountRole.Expense, 30m, 0m),
            (AccountRole.CardClearing, 0m, 200m),
            (AccountRole.EmployeePayable, 0m, 10m));
    }

    [Fact]
    public void BuildJournal_CbcpPersonalCharges_EmployeeOwesTheCompanyForBoth()
    {
        // P1 says EMPL → COMP only (the card comes from its CBCP payment type), P2 says EMPL → CBCP as the schema
        // describes CBCP personal rows; both are money the employee owes for a charge the company pays.
        AssertLines(Post(HandBuilt("expense-cbcp-personal.json")), "USD",
            (AccountRole.Expense, 450m, 0m),
            (AccountRole.CardPayable, 0m, 500m),
            (AccountRole.EmployeePayable, 50m, 0m));
    }

    [Fact]
    public void BuildJournal_NonDeductibleVat_ExpensesTheTax()
    {
        AssertLines(Post(HandBuilt("expense-vat-nondeductible.json")), "EUR",
            (AccountRole.Expense, 100m, 0m),
            (AccountRole.Expense, 19m, 0m),
            (AccountRole.EmployeePayable, 0m, 119m));
    }

    [Fact]
    public void BuildJournal_PartiallyDeductibleVatOverTwoAllocations_SplitsPerCostCenter()
    {
        var journal = Post(HandBuilt("expense-vat-partial.json"));

        AssertLines(journal, "GBP",
            (AccountRole.Expense, 60m, 0m),
            (AccountRole.InputTax, 6m, 0m),
            (AccountRole.Expense, 6m, 0m),
            (AccountRole.Expense, 40m, 0m),
            (AccountRole.InputTax, 4m, 0m),
            (AccountRole.Expense, 4m, 0m),
            (AccountRole.EmployeePayable, 0m, 120m));
        Assert.Equal(66m, journal.Lines.Where(l => l.CostCenter == "CC-100").Sum(l => l.Debit)); // the row's amountNetOfReclaim
        Assert.Equal(44m, journal.Lines.Where(l => l.CostCenter == "CC-200").Sum(l => l.Debit));
    }
}
