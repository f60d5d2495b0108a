using System.Text;
using FinanceFlow.Connectors.Concur;
using FinanceFlow.Core.Journal;
using static FinanceFlow.Connectors.Tests.Concur.ConcurTestDocuments;

namespace FinanceFlow.Connectors.Tests.Concur;

/// <summary>Real-payload quirks survive; malformed documents are refused with field paths.</summary>
public sealed class ConcurDocumentParserTests
{
    // A bare body (no envelope), every quirk at once: 0E-8, +0000 and Z, numbers where strings are documented, ids that
    // are not GUIDs, null blocks.
    private const string Quirky = """
        {
          "employee": { "employeeId": 12345, "employeeFirstName": "Kim", "employeeLastName": null, "employeeMI": null },
          "report": {
            "reportId": "RPT/2024-07 #3", "reportKey": 98765, "reportName": null, "employeeCurrencyAlphaCode": "usd",
            "totalApprovedAmount": "42.50", "cashAdvanceReturnsAmount": 0E-8, "revisionNumber": 3, "versionId": 4,
            "reportSubmitDate": "2024-07-01T10:15:00.000+0000", "reportPaymentProcessingDate": "2024-07-02T08:00:00Z",
            "reportCreationDate": "", "reportStartDate": null
          },
          "expenseEntry": [ {
            "entryId": 17, "legacyEntryId": "17", "expenseTypeCode": "TAXIX", "expenseTypeName": "Taxi",
            "entryDate": "2024-06-30T00:00:00.000+0000", "entryCurrAlphaCode": "USD", "entryExchangeRate": 1E+0,
            "entryApprovedAmount": 42.5, "reportEntryTransactionAmount": 42.50000000, "entryIsPersonal": "N",
            "cardTransactionAmount": null,
            "allocation": [ {
              "allocationPercentage": "100", "allocationCustom4Code": null,
              "journal": [ { "journalPayer": "comp", "journalPayee": "empl", "journalAccountCode": 6200,
                             "amountGross": 42.5, "amountGrossCard": 0E-8, "amountNetOfTax": 42.5, "amountNetOfReclaim": 4.25E+1, "taxGuid": null } ],
              "tax": null
            } ]
          } ],
          "cashAdvanceApplication": null
        }
        """;

    [Fact]
    public void Parse_QuirkyBareBody_ReadsEveryQuirk()
    {
        var result = ConcurDocumentParser.Parse(Encoding.UTF8.GetBytes(Quirky));

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Pointer} {e.Message}")));
        var expense = result.Document!.Expense!;
        Assert.Equal("expense", result.Document.DocType);
        Assert.Equal(0m, expense.Report!.CashAdvanceReturnsAmount);
        Assert.Equal(42.50m, expense.Report.TotalApprovedAmount);
        Assert.Equal(new DateTimeOffset(2024, 7, 1, 10, 15, 0, TimeSpan.Zero), expense.Report.ReportSubmitDate);
        Assert.Equal(new DateTimeOffset(2024, 7, 2, 8, 0, 0, TimeSpan.Zero), expense.Report.ReportPaymentProcessingDate);
        Assert.Null(expense.Report.ReportCreationDate);
        Assert.Equal("12345", expense.Employee!.EmployeeId);
        Assert.Equal("17", expense.ExpenseEntry![0].EntryId);
        Assert.Equal(0m, expense.ExpenseEntry[0].Allocation![0].Journal![0].AmountGrossCard);
        Assert.Empty(expense.CashAdvanceApplication!);
    }

    [Fact]
    public void Parse_QuirkyBareBody_MapsAndPostsUnderItsOwnRevision()
    {
        var document = ConcurDocumentParser.Parse(Encoding.UTF8.GetBytes(Quirky)).Document!;

        var report = ConcurExpenseMapper.Map(document, new ConcurPostingOptions());
        var journal = ConcurPostingRules.BuildJournal(document, Accounts, new ConcurPostingOptions(), ConcurPostingRules.AccountingDateOf(document)!.Value);

        Assert.Equal(("RPT/2024-07 #3", 3, "USD", "concur"), (report.ReportId, report.Version, report.Currency, report.LegalEntity));
        Assert.Equal(new DateOnly(2024, 6, 30), report.Lines[0].TransactionDate);
        Assert.Equal(new DateOnly(2024, 7, 2), journal.AccountingDate);
        AssertLines(journal, "USD", (AccountRole.Expense, 42.50m, 0m), (AccountRole.EmployeePayable, 0m, 42.50m));
        Assert.StartsWith("FF-CONCUR-RPT-2024-07--3-", journal.ExternalReference, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DocumentAsEmbeddedJsonString_ReadsTheBody()
    {
        var body = File.ReadAllText(Reference("concur-fis-v4-document-cashadvance.json"));
        var envelope = $$"""{ "content": [ { "id": "e7f810cabc8348cdb051dd9431c8cfbb", "docType": "cashadvance", "document": {{System.Text.Json.JsonSerializer.Serialize(body)}} } ] }""";

        var result = ConcurDocumentParser.Parse(Encoding.UTF8.GetBytes(envelope));

        Assert.True(result.IsValid);
        Assert.Equal("FE884EE31617CF4CABE36C7FC44512A1", result.Document!.CashAdvance!.CashAdvanceData!.CashAdvanceId);
    }

    [Fact]
    public void Parse_AmountThatIsNotANumber_PointsAtTheField()
    {
        var json = File.ReadAllText(Example("2.1")).Replace("\"entryApprovedAmount\": 10,", "\"entryApprovedAmount\": \"ten\",", StringComparison.Ordinal);

        var result = ConcurDocumentParser.Parse(Encoding.UTF8.GetBytes(json));

        var error = Assert.Single(result.Errors);
        Assert.Equal("/fIDocuments/0/document/expenseEntry/0/entryApprovedAmount", error.Pointer);
        Assert.Null(result.Document);
    }

    [Fact]
    public void Parse_MissingFieldsAndUnknownPayer_ListsEveryPath()
    {
        var json = File.ReadAllText(Example("2.1"))
            .Replace("\"reportId\": \"F071FADEA6B142DD884A\",", "\"reportId\": null,", StringComparison.Ordinal)
            .Replace("\"journalPayer\": \"COMP\",", "\"journalPayer\": \"BANK\",", StringComparison.Ordinal)
            .Replace("\"amountTax\": 1.6,", "\"amountTax\": null,", StringComparison.Ordinal);

        var result = ConcurDocumentParser.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(
            [
                "/fIDocuments/0/document/report/reportId",
                "/fIDocuments/0/document/expenseEntry/0/allocation/0/journal/0/journalPayer",
                "/fIDocuments/0/document/expenseEntry/0/allocation/0/tax/0/amountTax",
            ],
            result.Errors.Select(e => e.Pointer));
    }

    [Theory]
    [InlineData("{ \"report\": ", "/report")]
    [InlineData("null", "")]
    [InlineData("{ \"fIDocuments\": [] }", "/fIDocuments")]
    [InlineData("{ \"docType\": \"payroll\", \"document\": {} }", "/docType")]
    [InlineData("{ \"report\": { \"reportId\": \"R1\", \"employeeCurrencyAlphaCode\": \"XYZ\" }, \"employee\": { \"employeeId\": \"E\" }, \"expenseEntry\": [] }", "/report/employeeCurrencyAlphaCode")]
    public void Parse_UnusableBody_IsRefusedWithAPointer(string json, string pointer)
    {
        var result = ConcurDocumentParser.Parse(Encoding.UTF8.GetBytes(json));

        Assert.False(result.IsValid);
        Assert.Equal(pointer, result.Errors[0].Pointer);
    }
}
