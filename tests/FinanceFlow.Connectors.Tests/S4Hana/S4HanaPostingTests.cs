using System.Xml.Linq;
using FinanceFlow.Connectors.S4Hana;
using FinanceFlow.Testing;

namespace FinanceFlow.Connectors.Tests.S4Hana;

/// <summary>Posting through the SOAP service: the request field by field against the WSDL, confirmations, rejections.</summary>
public sealed class S4HanaPostingTests
{
    private const string Wsdl = "sap-s4-soap-JOURNALENTRYCREATEREQUESTCONFI-2024.wsdl";

    [Fact]
    public async Task PostAsync_BalancedEntry_SendsTheWsdlRequestAndReturnsSapsDocument()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();

        var result = await ledger.Connector.PostAsync(S4HanaTestLedger.Entry(), CancellationToken.None);

        Assert.True(result.Accepted, result.Reason);
        Assert.Equal("0100000001/1010/2026", result.DocumentNumber);
        Assert.Equal(new DateOnly(2026, 3, 14), result.Confirmation!.PostingDate);
        Assert.Equal("2026", result.Confirmation.FiscalYear);
        Assert.Equal("0100000001/1010/2026", result.Confirmation.DocumentNumber);
        Assert.Equal(1, ledger.Count("FF-CANONICAL-R-1001"));

        var call = Assert.Single(ledger.Emulator.Host.Calls, c => c.Method == "POST" && c.PathAndQuery == "/sap/bc/srt/scs_ext/sap/journalentrycreaterequestconfi");
        Assert.StartsWith("Bearer emu-", call.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Contains("application/soap+xml", call.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Contains(S4HanaJournalRequest.SoapAction, call.Headers["Content-Type"], StringComparison.Ordinal);

        XNamespace env = "http://www.w3.org/2003/05/soap-envelope";
        XNamespace sfin = "http://sap.com/xi/SAPSCORE/SFIN";
        var bulk = XDocument.Parse(call.Body).Root!.Element(env + "Body")!.Element(sfin + "JournalEntryBulkCreateRequest")!;
        var id = S4HanaReference.DocumentReferenceId("FF-CANONICAL-R-1001");
        Assert.Matches("^" + id + "-[0-9]{16}$", bulk.Element("MessageHeader")!.Element("ID")!.Value);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$", bulk.Element("MessageHeader")!.Element("CreationDateTime")!.Value);
        var request = Assert.Single(bulk.Elements("JournalEntryCreateRequest"));
        Assert.Equal(bulk.Element("MessageHeader")!.Element("ID")!.Value + "-1", request.Element("MessageHeader")!.Element("ID")!.Value);

        var journal = request.Element("JournalEntry")!;
        AssertInWsdlOrder(journal, "JournalEntryCreateRequestJournalEntry");
        Assert.Equal("BKPFF", journal.Element("OriginalReferenceDocumentType")!.Value);
        Assert.Equal("RFBU", journal.Element("BusinessTransactionType")!.Value);
        Assert.Equal("SA", journal.Element("AccountingDocumentType")!.Value);
        Assert.Matches("^FF[A-Z2-7]{14}$", id);
        Assert.Equal(id, journal.Element("DocumentReferenceID")!.Value);
        Assert.Equal("Hotel Berlin, sales confe", journal.Element("DocumentHeaderText")!.Value);
        Assert.Equal("CC_FFLOW", journal.Element("CreatedByUser")!.Value);
        Assert.Equal("1010", journal.Element("CompanyCode")!.Value);
        Assert.Equal("2026-03-14", journal.Element("DocumentDate")!.Value);
        Assert.Equal("2026-03-14", journal.Element("PostingDate")!.Value);

        var items = journal.Elements("Item").ToList();
        Assert.Equal(3, items.Count);
        foreach (var item in items)
        {
            AssertInWsdlOrder(item, "JournalEntryCreateRequestJournalEntryItem");
            Assert.Equal("FF-CANONICAL-R-1001", item.Element("DocumentItemText")!.Value);
        }

        Assert.Equal(["1", "2", "3"], items.Select(i => i.Element("ReferenceDocumentItem")!.Value));
        Assert.Equal(["61008000", "15410000", "21710000"], items.Select(i => i.Element("GLAccount")!.Value));
        Assert.Equal(["100.00", "19.00", "-119.00"], items.Select(i => i.Element("AmountInTransactionCurrency")!.Value));
        Assert.All(items, i => Assert.Equal("EUR", i.Element("AmountInTransactionCurrency")!.Attribute("currencyCode")!.Value));
        Assert.Equal(["S", "S", "H"], items.Select(i => i.Element("DebitCreditCode")!.Value));
        Assert.Equal("10101101", items[0].Element("AccountAssignment")!.Element("CostCenter")!.Value);
        AssertInWsdlOrder(items[0].Element("AccountAssignment")!, "JournalEntryCreateRequestJournalEntryItemAccountAssignment");
        Assert.Null(items[1].Element("AccountAssignment"));
    }

    [Fact]
    public async Task PostAsync_UnknownGLAccount_IsRejectedWithEverySapMessageAndItsType()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();

        var result = await ledger.Connector.PostAsync(S4HanaTestLedger.Entry(expenseAccount: "99999999"), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Null(result.DocumentNumber);
        Assert.StartsWith("SAP S/4HANA refused the posting (609(RW)): 609(RW) Error in document: BKPFF $ EMULATOR; ", result.Reason, StringComparison.Ordinal);
        Assert.Contains("507(F5) G/L account 99999999 is not defined in chart of accounts YCOA", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, ledger.Count("FF-CANONICAL-R-1001"));
    }

    [Fact]
    public async Task PostAsync_ClosedPeriod_IsRejectedWithSapsPeriodMessage()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();
        ledger.Emulator.ClosedPeriods[("1010", new DateOnly(2026, 3, 1))] = true;

        var result = await ledger.Connector.PostAsync(S4HanaTestLedger.Entry(), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Contains("201(F5) Posting period 003 2026 is not open", result.Reason, StringComparison.Ordinal);
        Assert.Empty(ledger.Emulator.Entries);
    }

    [Fact]
    public async Task PostAsync_UnbalancedEntry_IsNotSent()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();
        var entry = S4HanaTestLedger.Entry();
        entry = entry with { Lines = [entry.Lines[0], entry.Lines[2]] };

        var result = await ledger.Connector.PostAsync(entry, CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.StartsWith("Not sent to SAP S/4HANA: the entry does not balance", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(ledger.Emulator.Host.Calls, c => c.Method == "POST" && c.PathAndQuery.StartsWith("/sap", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostAsync_SameReferenceTwice_FindsTheFirstEntryAndSendsNothing()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();
        var first = await ledger.Connector.PostAsync(S4HanaTestLedger.Entry(), CancellationToken.None);

        var second = await ledger.Connector.PostAsync(S4HanaTestLedger.Entry(), CancellationToken.None);

        Assert.True(second.Accepted);
        Assert.Equal(first.DocumentNumber, second.DocumentNumber);
        Assert.Equal(1, ledger.Count("FF-CANONICAL-R-1001"));
        Assert.Single(ledger.Emulator.SoapRequests);
    }

    [Fact]
    public async Task PostAsync_ReferenceHeldByAnEntryBookingSomethingElse_IsRejectedAsDuplicate()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();
        await ledger.Connector.PostAsync(S4HanaTestLedger.Entry(), CancellationToken.None);

        var result = await ledger.Connector.PostAsync(S4HanaTestLedger.Entry(amount: 200m), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.StartsWith("SAP S/4HANA refused the posting (duplicate): journal entry 0100000001/1010/2026 already carries reference FF-CANONICAL-R-1001", result.Reason, StringComparison.Ordinal);
        Assert.Contains("our line 61008000 200.00 EUR costcenter 10101101 is not in the ledger", result.Reason, StringComparison.Ordinal);
        Assert.Equal(1, ledger.Count("FF-CANONICAL-R-1001"));
    }

    [Fact]
    public void Parse_CapturedConfirmations_ReadDocumentAndLogAsSapWroteThem()
    {
        var folder = Path.Combine(RepoPaths.SharedReference, "sap-s4hana");
        var success = S4HanaConfirmation.Parse(File.ReadAllText(Path.Combine(folder, "sap-s4-soap-JournalEntryBulkCreateConfirmation-success-captured.xml")));
        var error = S4HanaConfirmation.Parse(File.ReadAllText(Path.Combine(folder, "sap-s4-soap-JournalEntryBulkCreateConfirmation-error-captured.xml")));

        Assert.True(success.HasDocument);
        Assert.Equal(("0100000008", "1410", "2024"), (success.AccountingDocument, success.CompanyCode, success.FiscalYear));
        Assert.Equal(1, success.MaximumSeverity);
        Assert.False(error.HasDocument);
        Assert.Equal(S4HanaConfirmation.Error, error.MaximumSeverity);
        Assert.Equal(
            ["609(RW)", "102(F5)", "104(F5)", "104(F5)", "507(F5)", "004(FH)"],
            error.Items(S4HanaConfirmation.Error).Select(i => i.TypeId));
        Assert.Equal("Account 1002010100 does not exist in chart of accounts YCOA", error.Items(S4HanaConfirmation.Error)[^1].Note);
    }

    /// <summary>The element's children appear in the order of the WSDL's sequence for <paramref name="complexType"/>, each declared there.</summary>
    private static void AssertInWsdlOrder(XElement element, string complexType)
    {
        XNamespace xsd = "http://www.w3.org/2001/XMLSchema";
        var wsdl = XDocument.Load(Path.Combine(RepoPaths.SharedReference, "sap-s4hana", Wsdl));
        var sequence = wsdl.Descendants(xsd + "complexType").Single(t => (string?)t.Attribute("name") == complexType)
            .Descendants(xsd + "element").Select(e => (string)e.Attribute("name")!).ToList();
        var positions = element.Elements().Select(e => sequence.IndexOf(e.Name.LocalName)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
    }
}
