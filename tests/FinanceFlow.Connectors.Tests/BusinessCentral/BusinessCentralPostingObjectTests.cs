using System.Text.Json;
using FinanceFlow.Connectors.BusinessCentral;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Emulators.Erp;

namespace FinanceFlow.Connectors.Tests.BusinessCentral;

/// <summary>One ledger, two entities: the one booking vendor bills gets purchase invoices made out to the employee, the other journals.</summary>
public sealed class BusinessCentralPostingObjectTests : IAsyncLifetime
{
    private const string EmployeeVendor = "V-ANNA";

    private BusinessCentralFixture _bc = null!;

    public async Task InitializeAsync()
    {
        _bc = await BusinessCentralFixture.StartAsync();
        _bc.Store.AddVendor(EmployeeVendor);
    }

    public async Task DisposeAsync() => await _bc.DisposeAsync();

    [Fact]
    public async Task PostAsync_VendorBillEntityOnAJournalLedger_PurchaseInvoiceToTheEmployeesVendorFoundAgainAndNotPostedTwice()
    {
        using var connector = _bc.Connector(BusinessCentralMode.Journal);
        var bill = BusinessCentralFixture.Entry("FF-CANONICAL-R-2001") with { PostingObject = PostingObject.VendorBill, EmployeeErpId = EmployeeVendor };

        var posted = await connector.PostAsync(bill, CancellationToken.None);
        var found = await connector.FindDocumentAsync(bill, CancellationToken.None);
        var again = await connector.PostAsync(bill, CancellationToken.None);

        Assert.True(posted.Accepted, posted.Reason);
        var create = _bc.ApiCalls().Single(c => c.Method == "POST" && c.PathAndQuery.EndsWith("/purchaseInvoices", StringComparison.Ordinal));
        using var body = JsonDocument.Parse(create.Body);
        Assert.Equal(EmployeeVendor, body.RootElement.GetProperty("vendorNumber").GetString());
        Assert.Equal("FF-CANONICAL-R-2001", body.RootElement.GetProperty("vendorInvoiceNumber").GetString());
        Assert.Equal((true, posted.DocumentNumber, 0), (found.Found, found.DocumentNumber, found.Differences.Count));
        Assert.True(again.Accepted, again.Reason);
        Assert.Equal(posted.DocumentNumber, again.DocumentNumber);
        Assert.Equal(1, _bc.Store.PostedInvoices("FF-CANONICAL-R-2001"));
        Assert.Equal(0, _bc.Store.Posted("FF-CANONICAL-R-2001"));
        Assert.DoesNotContain(_bc.ApiCalls(), c => c.PathAndQuery.Contains("journalLines", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostAsync_JournalEntryEntityOnAPurchaseInvoiceLedger_JournalFoundAgainAndNotPostedTwice()
    {
        using var connector = _bc.Connector(BusinessCentralMode.PurchaseInvoice);
        var journal = BusinessCentralFixture.Entry("FF-CANONICAL-R-2002") with { PostingObject = PostingObject.JournalEntry, EmployeeErpId = EmployeeVendor };

        var posted = await connector.PostAsync(journal, CancellationToken.None);
        var found = await connector.FindDocumentAsync(journal, CancellationToken.None);
        var again = await connector.PostAsync(journal, CancellationToken.None);

        Assert.True(posted.Accepted, posted.Reason);
        Assert.True(found.Found);
        Assert.Empty(found.Differences);
        Assert.True(again.Accepted, again.Reason);
        Assert.Equal(1, _bc.Store.Posted("FF-CANONICAL-R-2002"));
        Assert.Empty(_bc.Store.PurchaseInvoices);
    }

    [Fact]
    public async Task PostAsync_VendorBillAnswerLostAfterThePost_FoundAndNotPostedAgain()
    {
        using var connector = _bc.Connector(BusinessCentralMode.Journal);
        var bill = BusinessCentralFixture.Entry("FF-CANONICAL-R-2003") with { PostingObject = PostingObject.VendorBill, EmployeeErpId = EmployeeVendor };
        _bc.Faults.Next(ErpFault.None, 2).Next(ErpFault.LoseAnswerAfterWrite);

        await Assert.ThrowsAsync<ErpOutcomeUnknownException>(() => connector.PostAsync(bill, CancellationToken.None));
        var lookup = await connector.FindDocumentAsync(bill, CancellationToken.None);

        Assert.True(lookup.Found);
        Assert.Empty(lookup.Differences);
        Assert.Equal(1, _bc.Store.PostedInvoices("FF-CANONICAL-R-2003"));
    }

    [Fact]
    public async Task ListFinanceFlowTransactionsAsync_BothObjectsOnOneLedger_ReadsBackTheJournalAndTheInvoice()
    {
        using var connector = _bc.Connector(BusinessCentralMode.Journal);
        var bill = BusinessCentralFixture.Entry("FF-CANONICAL-R-2004") with { PostingObject = PostingObject.VendorBill, EmployeeErpId = EmployeeVendor };
        var journal = BusinessCentralFixture.Entry("FF-CANONICAL-R-2005") with { PostingObject = PostingObject.JournalEntry };
        Assert.True((await connector.PostAsync(bill, CancellationToken.None)).Accepted);
        Assert.True((await connector.PostAsync(journal, CancellationToken.None)).Accepted);

        var transactions = await connector.ListFinanceFlowTransactionsAsync(CancellationToken.None);

        Assert.Equal(["FF-CANONICAL-R-2004", "FF-CANONICAL-R-2005"], transactions.Select(t => t.Reference).Order(StringComparer.Ordinal));
        Assert.All(transactions, t => Assert.Equal(119.00m, t.DebitsByCurrency["EUR"]));
    }

    [Fact]
    public async Task PostAsync_VendorBillWithoutTheEmployeesVendor_FallsBackToTheLedgersVendor()
    {
        using var connector = _bc.Connector(BusinessCentralMode.Journal);
        var bill = BusinessCentralFixture.Entry("FF-CANONICAL-R-2006") with { PostingObject = PostingObject.VendorBill };

        var posted = await connector.PostAsync(bill, CancellationToken.None);

        Assert.True(posted.Accepted, posted.Reason);
        Assert.Equal(BusinessCentralFixture.Vendor, _bc.Store.PurchaseInvoices.Single()["vendorNumber"]!.GetValue<string>());
    }

    [Fact]
    public async Task FindDocumentAsync_EntitySwitchedToVendorBillsAfterTheJournalPosted_TheJournalIsFoundSoNothingIsPostedAgain()
    {
        // Posted as a journal; then finance switched the entity to VendorBill and the report was run again (a retry after a lost
        // answer, or the reconciliation's redrive): the poster reads by reference first, and the journal it finds stands.
        using var connector = _bc.Connector(BusinessCentralMode.Journal);
        var journal = BusinessCentralFixture.Entry("FF-CANONICAL-R-2010") with { PostingObject = PostingObject.JournalEntry, EmployeeErpId = EmployeeVendor };
        var posted = await connector.PostAsync(journal, CancellationToken.None);

        var found = await connector.FindDocumentAsync(journal with { PostingObject = PostingObject.VendorBill }, CancellationToken.None);

        Assert.True(posted.Accepted, posted.Reason);
        Assert.Equal((true, posted.DocumentNumber, 1), (found.Found, found.DocumentNumber, found.Copies));
        Assert.Equal(0, _bc.Store.PostedInvoices("FF-CANONICAL-R-2010"));
    }

    [Fact]
    public async Task FindDocumentAsync_EntitySwitchedToJournalsAfterTheInvoicePosted_TheInvoiceIsFound()
    {
        using var connector = _bc.Connector(BusinessCentralMode.Journal);
        var bill = BusinessCentralFixture.Entry("FF-CANONICAL-R-2011") with { PostingObject = PostingObject.VendorBill, EmployeeErpId = EmployeeVendor };
        var posted = await connector.PostAsync(bill, CancellationToken.None);

        var found = await connector.FindDocumentAsync(bill with { PostingObject = null }, CancellationToken.None);

        Assert.True(posted.Accepted, posted.Reason);
        Assert.Equal((true, posted.DocumentNumber), (found.Found, found.DocumentNumber));
        Assert.Equal(0, _bc.Store.Posted("FF-CANONICAL-R-2011"));
    }
}
