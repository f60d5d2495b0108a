using FinanceFlow.Connectors.Concur;
using static FinanceFlow.Connectors.Tests.Concur.ConcurRow;
using static FinanceFlow.Connectors.Tests.Concur.ConcurTestDocuments;

namespace FinanceFlow.Connectors.Tests.Concur;

/// <summary>
/// Section 6 of the catalogue, "Company Paid Credit Card" (CBCP): the company pays the whole card bill, so a personal
/// charge is money the employee owes the company, a debit of the employee vendor account. Documents built from the
/// schema (a CBCP personal row carries the card clearing account code) and the narrative; lines as (account, debit, credit).
/// </summary>
public sealed class ConcurCompanyCardUseCaseTests
{
    private const string Employee = ConcurDocumentBuilder.EmployeeAccount;
    private const string Card = "liabilities:card";
    private const string Clearing = "assets:card-clearing";

    [Theory]
    [InlineData("verbose")]
    [InlineData("verbose, debt sent positive")]
    [InlineData("consolidated")]
    public void BuildJournal_6_3EntirelyPersonalNetDueCompany_DebitsTheEmployeeWhateverTheExtract(string extract)
    {
        // "CBCP Corporate Card Charge for Entirely Personal Expense (Net Due Company With Consolidated or Verbose
        // Extract)": tolls 32 and dues 49 on the company card. A verbose document sends each charge's two halves, the
        // company paying the card (COMP → CBCP) and the employee owing it (EMPL → COMP, negative like use case 1.2's
        // credit), both on the clearing account; a consolidated one sends EMPL → CBCP. Differs from the table only in
        // presentation: its clearing credit and debit per item cancel within the journal, and the two items are one
        // employee line and one card line (81 each), the same books.
        var document = new ConcurDocumentBuilder("USD");
        foreach (var (type, amount) in new[] { ("Tolls", 32m), ("Dues", 49m) })
        {
            document = extract switch
            {
                "consolidated" => document.Personal(type, amount, "CBCP", offset: false, new ConcurRow("EMPL", "CBCP", "1295", amount)),
                "verbose" => document.Personal(type, amount, "CBCP", offset: false, Pays("CBCP", "1295", amount), new ConcurRow("EMPL", "COMP", "1295", -amount)),
                _ => document.Personal(type, amount, "CBCP", offset: false, Pays("CBCP", "1295", amount), new ConcurRow("EMPL", "COMP", "1295", amount)),
            };
        }

        AssertJournal(Post(document), "USD", (Employee, 81m, 0m), (Card, 0m, 81m));
    }

    [Fact]
    public void BuildJournal_6_3ItemizedWithPersonalNetDueEmployeeConsolidated_MatchesTableThroughTheClearingAccount()
    {
        // "CBCP Corporate Card Charge with Itemization and Personal Expense (Net Due Employee With Consolidation)": the
        // table credits the whole USD 284 charge to Credit Card Clearing, which is the setting CompanyBilledCard =
        // CardClearing. Differs from the table in the taxi: the table says 32 and does not balance (debits 316,
        // credits 319); the document's taxi is the narrative's 35.
        var options = With("CARDCO", new ConcurCompanyPosting { CompanyBilledCard = ConcurCardCredit.CardClearing });
        var document = HotelOnCompanyCard()
            .Personal("Movie", 14m, "CBCP", offset: false, new ConcurRow("EMPL", "CBCP", "1295", 14m))
            .Entry("Taxi", 35m, "CASH", Pays("EMPL", "6200", 35m));

        AssertJournal(Post(document, options), "USD",
            ("6100", 125m, 0m), ("6100", 125m, 0m), ("6300", 20m, 0m), ("6200", 35m, 0m),
            (Employee, 14m, 0m), (Employee, 0m, 35m), (Clearing, 0m, 284m));
    }

    [Fact]
    public void BuildJournal_6_3EntirelyPersonalVerbose_DebitsTheEmployeeAndCreditsTheCardVendor()
    {
        // "CBCP Corporate Card Charge for Entirely Personal Expense (Net Due Company With Verbose Extract)": a USD 300
        // personal dinner. Differs from the table only in presentation: its clearing credit and debit cancel.
        var document = new ConcurDocumentBuilder("USD")
            .Personal("Dinner", 300m, "CBCP", offset: false, Pays("CBCP", "1295", 300m), new ConcurRow("EMPL", "COMP", "1295", -300m));

        AssertJournal(Post(document), "USD", (Employee, 300m, 0m), (Card, 0m, 300m));
    }

    [Fact]
    public void BuildJournal_6_3ItemizedWithPersonalNoOffsets_MatchesTable()
    {
        // "CBCP Corporate Card Charge with Itemization and Personal Expense (Net Due Employee With No Offsets)": the
        // employee is paid the taxi (credit 35) and separately owes the movie (debit 14); the card vendor gets 284.
        var document = HotelOnCompanyCard()
            .Personal("Movie", 14m, "CBCP", offset: false, Pays("CBCP", "1295", 14m), new ConcurRow("EMPL", "COMP", "1295", -14m))
            .Entry("Taxi", 35m, "CASH", Pays("EMPL", "6200", 35m));

        AssertJournal(Post(document), "USD",
            ("6100", 125m, 0m), ("6100", 125m, 0m), ("6300", 20m, 0m), ("6200", 35m, 0m),
            (Employee, 0m, 35m), (Employee, 14m, 0m), (Card, 0m, 284m));
    }

    [Fact]
    public void BuildJournal_6_3ItemizedWithPersonalOffset_NetsTheEmployeeToWhatIsDue()
    {
        // The same report with offsets (offsetPayType Y): the movie is netted against the taxi, the employee is owed 21.
        var document = HotelOnCompanyCard()
            .Personal("Movie", 14m, "CBCP", offset: true, Pays("CBCP", "1295", 14m), new ConcurRow("EMPL", "COMP", "1295", -14m))
            .Entry("Taxi", 35m, "CASH", Pays("EMPL", "6200", 35m));

        AssertJournal(Post(document), "USD",
            ("6100", 125m, 0m), ("6100", 125m, 0m), ("6300", 20m, 0m), ("6200", 35m, 0m),
            (Employee, 0m, 21m), (Card, 0m, 284m));
    }

    [Fact]
    public void BuildJournal_CbcpPersonalChargeWithoutTheDebtRow_StillDebitsTheEmployee()
    {
        // Only the company's payment of the card is sent (COMP → CBCP on a personal entry): the employee still owes it.
        var document = new ConcurDocumentBuilder("USD").Personal("Dinner", 300m, "CBCP", offset: false, Pays("CBCP", "1295", 300m));

        AssertJournal(Post(document), "USD", (Employee, 300m, 0m), (Card, 0m, 300m));
    }

    private static ConcurDocumentBuilder HotelOnCompanyCard() => new ConcurDocumentBuilder("USD")
        .Entry("Room Rate", 125m, "CBCP", Pays("CBCP", "6100", 125m))
        .Entry("Room Rate", 125m, "CBCP", Pays("CBCP", "6100", 125m))
        .Entry("Dinner", 20m, "CBCP", Pays("CBCP", "6300", 20m));
}
