using FinanceFlow.Connectors.BusinessCentral;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.MasterData;

namespace FinanceFlow.Connectors.Tests.BusinessCentral;

/// <summary>Payments read back from Business Central: our posted purchase invoices that a payment closed (status <c>Paid</c>).</summary>
public sealed class BusinessCentralPaymentTests : IAsyncLifetime
{
    private BusinessCentralFixture _bc = null!;

    public async Task InitializeAsync() => _bc = await BusinessCentralFixture.StartAsync();

    public async Task DisposeAsync() => await _bc.DisposeAsync();

    [Fact]
    public async Task ListPaymentsAsync_InvoicePaid_OnePaymentOfTheInvoiceTotalUnderOurReference()
    {
        // Arrange: two invoices posted, one of them paid.
        using var connector = _bc.Connector(BusinessCentralMode.PurchaseInvoice);
        Assert.True((await connector.PostAsync(BusinessCentralFixture.Entry("FF-CANONICAL-R-2001"), CancellationToken.None)).Accepted);
        var open = await connector.PostAsync(BusinessCentralFixture.Entry("FF-CANONICAL-R-2002"), CancellationToken.None);
        var paid = (await connector.FindDocumentAsync(BusinessCentralFixture.Entry("FF-CANONICAL-R-2001"), CancellationToken.None)).DocumentNumber;
        _bc.Store.MarkPaid("FF-CANONICAL-R-2001");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // Act
        var read = await connector.ListPaymentsAsync(today.AddDays(-1), CancellationToken.None);

        // Assert
        Assert.True(open.Accepted, open.Reason);
        Assert.True(connector.HasPaymentStatus);
        Assert.Equal([new ErpPayment($"{paid}/paid", "FF-CANONICAL-R-2001", today, 119.00m, "EUR")], read.Payments);
        Assert.Empty(read.Problems);
        var query = Uri.UnescapeDataString(_bc.ApiCalls()[^1].PathAndQuery);
        // Every vendor's invoices: an entity booking vendor bills makes each one out to the employee's own vendor.
        Assert.Contains("purchaseInvoices?$filter=startswith(vendorInvoiceNumber,'FF-') and status eq 'Paid'", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListPaymentsAsync_PaidBeforeTheWatermark_NotRead()
    {
        using var connector = _bc.Connector(BusinessCentralMode.PurchaseInvoice);
        Assert.True((await connector.PostAsync(BusinessCentralFixture.Entry("FF-CANONICAL-R-2003"), CancellationToken.None)).Accepted);
        _bc.Store.MarkPaid("FF-CANONICAL-R-2003");

        var read = await connector.ListPaymentsAsync(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1), CancellationToken.None);

        Assert.Empty(read.Payments);
    }

    [Fact]
    public async Task ListPaymentsAsync_JournalLedgerWithAVendorBillEntity_ThePaidInvoiceOfTheEmployeesVendorIsReadAndTheJournalIsNot()
    {
        // Journal mode, but one entity books vendor bills to the employee's vendor: its invoices carry a payment status, journals none.
        _bc.Store.AddVendor("V-ANNA");
        using var connector = _bc.Connector(BusinessCentralMode.Journal);
        var bill = BusinessCentralFixture.Entry("FF-CANONICAL-R-2004") with { PostingObject = PostingObject.VendorBill, EmployeeErpId = "V-ANNA" };
        var journal = BusinessCentralFixture.Entry("FF-CANONICAL-R-2005");
        Assert.True((await connector.PostAsync(bill, CancellationToken.None)).Accepted);
        Assert.True((await connector.PostAsync(journal, CancellationToken.None)).Accepted);
        var invoice = (await connector.FindDocumentAsync(bill, CancellationToken.None)).DocumentNumber;
        _bc.Store.MarkPaid("FF-CANONICAL-R-2004");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var read = await connector.ListPaymentsAsync(today.AddDays(-1), CancellationToken.None);

        Assert.True(connector.HasPaymentStatus);
        Assert.Equal([new ErpPayment($"{invoice}/paid", "FF-CANONICAL-R-2004", today, 119.00m, "EUR")], read.Payments);
    }
}
