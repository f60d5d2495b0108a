using FinanceFlow.Connectors.Concur;
using FinanceFlow.Core.Model;
using static FinanceFlow.Connectors.Tests.Concur.ConcurRow;
using static FinanceFlow.Connectors.Tests.Concur.ConcurTestDocuments;

namespace FinanceFlow.Connectors.Tests.Concur;

/// <summary>
/// Section 6 of the catalogue (use-cases-5-6.md, "Credit Card Types"): IBIP, IBCP and CBCP cards, card credits, split
/// payments, personal charges with and without offsets. Concur publishes no JSON for these, so each document is built
/// from the schema and the narrative; where the table and the document's journal data differ, the document wins and
/// the test says how. Lines are asserted as (account, debit, credit) in the report currency.
/// </summary>
public sealed class ConcurCardUseCaseTests
{
    private const string Employee = ConcurDocumentBuilder.EmployeeAccount;
    private const string Card = "liabilities:card";
    private const string Clearing = "assets:card-clearing";

    [Theory]
    [InlineData("EMPL")]
    [InlineData("IBIP")]
    public void BuildJournal_6_1EmployeePaidCard_PaysTheEmployeeLikeCash(string payee)
    {
        // "Payment via Employee Vendor Account": the employee's own card (IBIP) is reimbursed like cash.
        var document = new ConcurDocumentBuilder("USD").Entry("Taxi", 10m, "IBIP", Pays(payee, "6200", 10m));

        AssertJournal(Post(document), "USD", ("6200", 10m, 0m), (Employee, 0m, 10m));
    }

    [Fact]
    public void BuildJournal_6_2SplitPaymentToTheCard_CreditsTheCardVendor()
    {
        // "Payment via Credit Card Vendor Account (Split Payment)": the narrative says IBIP, the heading IBCP; the
        // document's COMP → IBCP row decides: the company pays the card.
        var document = new ConcurDocumentBuilder("USD").Entry("Car Rental", 56.10m, "IBCP", Pays("IBCP", "6410", 56.10m));

        AssertJournal(Post(document), "USD", ("6410", 56.10m, 0m), (Card, 0m, 56.10m));
    }

    [Theory]
    [InlineData("IBCP", "COMP", -349)]
    [InlineData("IBCP", "COMP", 349)]
    [InlineData("COMP", "IBCP", -349)]
    [InlineData("CBCP", "COMP", -349)]
    public void BuildJournal_6_2CardCredit_CreditsTheExpenseAndDebitsTheCard(string payer, string payee, int gross)
    {
        // "Credit Transaction via Credit Card Vendor Account": a USD 349 refund of an unused ticket on the card. Sent the
        // way use case 1.2 sends a cash credit (the card pays the company, negative), or as a negative charge.
        var document = new ConcurDocumentBuilder("USD").Entry("Airfare", -349m, payee == "COMP" ? payer : payee, new ConcurRow(payer, payee, "6500", gross));
        var parsed = document.Parse();

        AssertJournal(ConcurPostingRules.BuildJournal(parsed, Accounts, new ConcurPostingOptions(), AccountingDate), "USD",
            ("6500", 0m, 349m),
            (Card, 349m, 0m));
        var line = Assert.Single(ConcurExpenseMapper.Map(parsed, new ConcurPostingOptions()).Lines);
        Assert.Equal((PaymentType.CompanyCard, -349m), (line.PaymentType, line.GrossAmount));
    }

    [Theory]
    [InlineData(-119, -19)]
    [InlineData(119, 19)]
    public void BuildJournal_6_2CardCreditWithVat_GivesTheReclaimedVatBack(int gross, int vat)
    {
        // A refund on the card of a EUR 119 hotel charge whose 19 VAT was reclaimed: the input tax goes back too.
        var document = new ConcurDocumentBuilder("EUR").Entry("Hotel", -119m, "IBCP", new ConcurRow("IBCP", "COMP", "6100", gross, vat));

        AssertJournal(Post(document), "EUR", ("6100", 0m, 100m), ("assets:vat:input", 0m, 19m), (Card, 119m, 0m));
    }

    [Fact]
    public void BuildJournal_6_2ChargeAndCreditOnOneCard_NetTheCardVendor()
    {
        var document = new ConcurDocumentBuilder("USD")
            .Entry("Airfare", 500m, "IBCP", Pays("IBCP", "6500", 500m))
            .Entry("Airfare", -349m, "IBCP", new ConcurRow("IBCP", "COMP", "6500", -349m));

        AssertJournal(Post(document), "USD", ("6500", 500m, 0m), ("6500", 0m, 349m), (Card, 0m, 151m));
    }

    [Fact]
    public void BuildJournal_6_2ItemizedIbcpChargeSettledThroughTheEmployee_MatchesTable()
    {
        // "Simple IBCP Corporate Card Charge With Itemization": the table credits Employee Vendor 325, which is the
        // company setting IndividuallyBilledCard = EmployeeVendor (the default credits the card vendor).
        var options = With("CARDCO", new ConcurCompanyPosting { IndividuallyBilledCard = ConcurCardCredit.EmployeeVendor });

        AssertJournal(Post(HotelOnCard("IBCP"), options), "USD",
            ("6100", 250m, 0m), ("6110", 50m, 0m), ("6300", 25m, 0m), (Employee, 0m, 325m));
    }

    [Fact]
    public void BuildJournal_6_2IbcpPersonalNoOutOfPocket_PostsTheBusinessPartToTheCard()
    {
        // "IBCP With Personal Expense: No Out-of-Pocket". Differs from the table (Breakfast (personal) debit 25, Employee
        // Vendor credit 325): the personal breakfast is the employee's to pay on their own IBCP card, so the document
        // carries it as EMPL → IBCP (or not at all), which is not the company's books; the card vendor is owed 300.
        var document = new ConcurDocumentBuilder("USD")
            .Entry("Room Rate", 250m, "IBCP", Pays("IBCP", "6100", 250m))
            .Entry("Room Tax", 50m, "IBCP", Pays("IBCP", "6110", 50m))
            .Personal("Breakfast", 25m, "IBCP", offset: false, new ConcurRow("EMPL", "IBCP", "6300", 25m));

        AssertJournal(Post(document), "USD", ("6100", 250m, 0m), ("6110", 50m, 0m), (Card, 0m, 300m));
    }

    [Fact]
    public void BuildJournal_6_2IbcpOutOfPocketExceedsPersonalWithoutOffsetting_MatchesTable()
    {
        // The USD 14 movie is personal and not in the document (non-offsetting IBCP); the taxi is paid to the employee.
        var document = HotelWithTaxi().Entry("Taxi", 35m, "CASH", Pays("EMPL", "6200", 35m));

        AssertJournal(Post(document), "USD",
            ("6100", 125m, 0m), ("6100", 125m, 0m), ("6300", 20m, 0m), ("6200", 35m, 0m), (Card, 0m, 270m), (Employee, 0m, 35m));
    }

    [Fact]
    public void BuildJournal_6_2IbcpOutOfPocketExceedsPersonalWithOffsetting_MatchesTable()
    {
        // With offsets the company pays the card the whole 284: 14 of the taxi's 35 goes to the card for the movie (a
        // split payment, two rows on the taxi), 21 to the employee. Line for line the table.
        var document = HotelWithTaxi(offset: true).OffsetEntry("Taxi", 35m, "CASH", Pays("IBCP", "6200", 14m), Pays("EMPL", "6200", 21m));

        AssertJournal(Post(document), "USD",
            ("6100", 125m, 0m), ("6100", 125m, 0m), ("6300", 20m, 0m), ("6200", 14m, 0m), ("6200", 21m, 0m), (Card, 0m, 284m), (Employee, 0m, 21m));
    }

    [Fact]
    public void BuildJournal_6_2IbcpOffsetSentAsAPersonalEntry_OwesTheEmployeeTheSame()
    {
        // The same report with the movie as a personal entry (COMP → IBCP and EMPL → COMP through the clearing account)
        // and one taxi row. Differs from the table only in presentation: the taxi is one line of 35, not 14 + 21; the
        // clearing pair cancels within the journal; card vendor 284 and employee 21 are the table's.
        var document = HotelWithTaxi(offset: true)
            .Personal("Movie", 14m, "IBCP", offset: true, Pays("IBCP", "1295", 14m), new ConcurRow("EMPL", "COMP", "1295", 14m))
            .OffsetEntry("Taxi", 35m, "CASH", Pays("EMPL", "6200", 35m));

        AssertJournal(Post(document), "USD",
            ("6100", 125m, 0m), ("6100", 125m, 0m), ("6300", 20m, 0m), ("6200", 35m, 0m), (Card, 0m, 284m), (Employee, 0m, 21m));
    }

    [Fact]
    public void BuildJournal_6_2IbcpOutOfPocketBelowPersonalWithoutOffsetting_PaysTheEmployeeTheParking()
    {
        // Differs from the table (Credit Card Vendor 275, no employee line): without offsets the USD 5 parking is the
        // employee's to be reimbursed (COMP → EMPL), the card is owed the business 270; 275 is what offsetting gives.
        var document = HotelWithTaxi().Entry("Parking", 5m, "CASH", Pays("EMPL", "6420", 5m));

        AssertJournal(Post(document), "USD",
            ("6100", 125m, 0m), ("6100", 125m, 0m), ("6300", 20m, 0m), ("6420", 5m, 0m), (Card, 0m, 270m), (Employee, 0m, 5m));
    }

    [Fact]
    public void BuildJournal_6_2IbcpOutOfPocketBelowPersonalWithOffsetting_MatchesTable()
    {
        // With offsets the parking goes to the card against the USD 14 movie; the employee pays the card the other 9
        // (EMPL → IBCP, not the company's books). Line for line the table.
        var document = HotelWithTaxi(offset: true)
            .OffsetEntry("Parking", 5m, "CASH", Pays("IBCP", "6420", 5m))
            .Personal("Movie", 9m, "IBCP", offset: true, new ConcurRow("EMPL", "IBCP", "1295", 9m));

        AssertJournal(Post(document), "USD",
            ("6100", 125m, 0m), ("6100", 125m, 0m), ("6300", 20m, 0m), ("6420", 5m, 0m), (Card, 0m, 275m));
    }

    private static ConcurDocumentBuilder HotelOnCard(string card) => new ConcurDocumentBuilder("USD")
        .Entry("Room Rate", 250m, card, Pays(card, "6100", 250m))
        .Entry("Room Tax", 50m, card, Pays(card, "6110", 50m))
        .Entry("Breakfast", 25m, card, Pays(card, "6300", 25m));

    // The USD 284 hotel charge of the narrative: two nights at 125 and a 20 dinner on the IBCP card (the 14 movie is personal).
    private static ConcurDocumentBuilder HotelWithTaxi(bool offset = false)
    {
        var document = new ConcurDocumentBuilder("USD");
        return offset
            ? document.OffsetEntry("Room Rate", 125m, "IBCP", Pays("IBCP", "6100", 125m)).OffsetEntry("Room Rate", 125m, "IBCP", Pays("IBCP", "6100", 125m)).OffsetEntry("Dinner", 20m, "IBCP", Pays("IBCP", "6300", 20m))
            : document.Entry("Room Rate", 125m, "IBCP", Pays("IBCP", "6100", 125m)).Entry("Room Rate", 125m, "IBCP", Pays("IBCP", "6100", 125m)).Entry("Dinner", 20m, "IBCP", Pays("IBCP", "6300", 20m));
    }
}
