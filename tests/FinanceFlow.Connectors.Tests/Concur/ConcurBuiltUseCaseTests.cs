using System.Text;
using FinanceFlow.Connectors.Concur;
using static FinanceFlow.Connectors.Tests.Concur.ConcurRow;
using static FinanceFlow.Connectors.Tests.Concur.ConcurTestDocuments;

namespace FinanceFlow.Connectors.Tests.Concur;

/// <summary>
/// The catalogue cases whose JSON example is not in the reference folder (1.1, 3.1) and section 5 (cash advances),
/// built from the schema and the narrative; lines as (account, debit, credit). Field errors a posting needs.
/// </summary>
public sealed class ConcurBuiltUseCaseTests
{
    private const string Employee = ConcurDocumentBuilder.EmployeeAccount;

    [Fact]
    public void BuildJournal_1_1SimpleCashExpense_MatchesTable()
    {
        var document = new ConcurDocumentBuilder("USD").Entry("Taxi", 10m, "CASH", Pays("EMPL", "6200", 10m));

        AssertJournal(Post(document), "USD", ("6200", 10m, 0m), (Employee, 0m, 10m));
    }

    [Fact]
    public void BuildJournal_3_1ItemizedExpense_MatchesTable()
    {
        var document = new ConcurDocumentBuilder("USD")
            .Entry("Room Rate", 250m, "CASH", Pays("EMPL", "6100", 250m))
            .Entry("Room Tax", 50m, "CASH", Pays("EMPL", "6110", 50m))
            .Entry("Breakfast", 25m, "CASH", Pays("EMPL", "6300", 25m));

        AssertJournal(Post(document), "USD", ("6100", 250m, 0m), ("6110", 50m, 0m), ("6300", 25m, 0m), (Employee, 0m, 325m));
    }

    [Fact]
    public void BuildJournal_5_1CashAdvancePaidCash_MatchesTable()
    {
        var json = $$"""
            {
              "id": "CA-DOC-7000", "docType": "cashadvance", "companyId": "CARDCO",
              "document": {
                "employeeData": { "employeeId": "{{ConcurDocumentBuilder.EmployeeId}}", "employeeFirstName": "Kai", "employeeLastName": "Berg" },
                "cashAdvanceData": { "cashAdvanceId": "CA-7000", "name": "TechEd", "currencyAlphaCode": "USD", "employeeCurrencyAlphaCode": "USD",
                                     "requestAmount": 7000, "issuedDate": "2024-06-01T10:00:00.000Z", "transactionType": 1, "notInTheSchema": true },
                "journalData": [ { "accountCode": "1410", "amount": 7000, "debitOrCredit": "DR", "payer": "COMP", "payee": "EMPL", "paymentCode": "Cash" } ]
              }
            }
            """;
        var parsed = ConcurDocumentParser.Parse(Encoding.UTF8.GetBytes(json));
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.Select(e => $"{e.Pointer} {e.Message}")));

        AssertJournal(ConcurPostingRules.BuildJournal(parsed.Document!, Accounts, new ConcurPostingOptions(), AccountingDate), "USD",
            ("1410", 7000m, 0m), (Employee, 0m, 7000m));
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void BuildJournal_5_2AdvanceLowerThanThePayout_PaysTheEmployeeTheDifference(int applied)
    {
        // "Cash Advance Is Lower Than the Payout Amount". Differs from the table, which debits the clearing account 300
        // and does not balance (debits 615, credits 15): applying the advance clears it, a credit of 300. Concur sends
        // the application negative; a positive one is read the same way.
        var document = Trip("GBP").Advance(applied, "1410");

        AssertJournal(Post(document), "GBP",
            ("6410", 245m, 0m), ("6300", 60m, 0m), ("6420", 10m, 0m), ("1410", 0m, 300m), (Employee, 0m, 15m));
    }

    [Fact]
    public void BuildJournal_5_2AdvanceHigherThanThePayout_TheEmployeeOwesTheDifference()
    {
        // "Cash Advance Is Higher Than the Payout Amount": the employee returns GBP 85 (report.cashAdvanceReturnsAmount)
        // by cheque, which clears the employee vendor's debit of 85 when it is banked. Line for line the table.
        var document = Trip("GBP").Advance(-400m, "1410").AdvanceReturned(85m);

        AssertJournal(Post(document), "GBP",
            ("6410", 245m, 0m), ("6300", 60m, 0m), ("6420", 10m, 0m), ("1410", 0m, 400m), (Employee, 85m, 0m));
    }

    [Fact]
    public void Parse_PersonalEntryReimbursedToTheEmployee_NamesTheRow()
    {
        var document = new ConcurDocumentBuilder("USD")
            .Entry("Taxi", 10m, "CASH", Pays("EMPL", "6200", 10m))
            .Personal("Movie", 14m, "CASH", offset: false, Pays("EMPL", "6300", 14m));

        var result = ConcurDocumentParser.Parse(document.Build());

        var error = Assert.Single(result.Errors);
        Assert.Equal("/fIDocuments/0/document/expenseEntry/1/allocation/0/journal/0/journalPayer", error.Pointer);
        Assert.Contains("personal entry (entryIsPersonal Y)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CardCreditFromAnUnknownParty_NamesTheRowAndIgnoresZeroRows()
    {
        var document = new ConcurDocumentBuilder("USD")
            .Entry("Airfare", -349m, "IBCP", new ConcurRow("BANK", "COMP", "6500", -349m), new ConcurRow("BANK", "NONE", "6500", 0m));

        var result = ConcurDocumentParser.Parse(document.Build());

        var error = Assert.Single(result.Errors);
        Assert.Equal("/fIDocuments/0/document/expenseEntry/0/allocation/0/journal/0/journalPayer", error.Pointer);
        Assert.Contains("payer 'BANK' → payee 'COMP'", error.Message, StringComparison.Ordinal);
    }

    private static ConcurDocumentBuilder Trip(string currency) => new ConcurDocumentBuilder(currency)
        .Entry("Car Rental", 245m, "CASH", Pays("EMPL", "6410", 245m))
        .Entry("Meals", 60m, "CASH", Pays("EMPL", "6300", 60m))
        .Entry("Parking", 10m, "CASH", Pays("EMPL", "6420", 10m));
}
