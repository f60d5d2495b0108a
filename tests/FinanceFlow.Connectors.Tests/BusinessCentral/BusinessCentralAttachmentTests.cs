using System.Text;
using System.Text.Json;
using FinanceFlow.Connectors.BusinessCentral;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Emulators.Erp;

namespace FinanceFlow.Connectors.Tests.BusinessCentral;

public sealed class BusinessCentralAttachmentTests : IAsyncLifetime
{
    private const string Receipt = "train-ticket.pdf";

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.5\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

    private BusinessCentralFixture _bc = null!;

    public async Task InitializeAsync() => _bc = await BusinessCentralFixture.StartAsync();

    public async Task DisposeAsync() => await _bc.DisposeAsync();

    [Fact]
    public async Task AttachAsync_PostedInvoice_FileCreatedOnTheInvoiceFieldByField()
    {
        using var connector = _bc.Connector(BusinessCentralMode.PurchaseInvoice);
        var invoice = await PostAsync(connector);
        Assert.True(((IErpAttachments)connector).TakesFiles);

        await connector.AttachAsync(invoice, Receipt, "application/pdf", Pdf, CancellationToken.None);

        var invoiceId = _bc.Store.PurchaseInvoices.Single()["id"]!.GetValue<string>();
        Assert.Equal(invoiceId, invoice.InternalId);
        var list = _bc.ApiCalls().Single(c => c.Method == "GET" && c.PathAndQuery.Contains("/documentAttachments", StringComparison.Ordinal));
        Assert.Contains($"$filter=parentType eq 'Purchase Invoice' and parentId eq {invoiceId}", Uri.UnescapeDataString(list.PathAndQuery), StringComparison.Ordinal);
        var create = _bc.ApiCalls().Single(c => c.Method == "POST" && c.PathAndQuery.EndsWith("/documentAttachments", StringComparison.Ordinal));
        Assert.Equal($"/api/v2.0/companies({_bc.Emulator.CompanyId})/documentAttachments", create.PathAndQuery);
        using var body = JsonDocument.Parse(create.Body);
        var sent = body.RootElement;
        Assert.Equal(Receipt, sent.GetProperty("fileName").GetString());
        Assert.Equal(Pdf.Length, sent.GetProperty("byteSize").GetInt32());
        Assert.Equal(Pdf, Convert.FromBase64String(sent.GetProperty("attachmentContent").GetString()!));
        Assert.Equal("Purchase Invoice", sent.GetProperty("parentType").GetString());
        Assert.Equal(invoiceId, sent.GetProperty("parentId").GetString());
        Assert.Equal(5, sent.EnumerateObject().Count());
        var stored = Assert.Single(_bc.Store.DocumentAttachments);
        Assert.Equal(invoiceId, stored["parentId"]!.GetValue<string>());
        Assert.Equal(Receipt, stored["fileName"]!.GetValue<string>());
    }

    [Fact]
    public async Task AttachAsync_SameFileNameTwice_OneAttachmentAndAnotherNameIsASecond()
    {
        using var connector = _bc.Connector(BusinessCentralMode.PurchaseInvoice);
        var invoice = await PostAsync(connector);

        await connector.AttachAsync(invoice, Receipt, "application/pdf", Pdf, CancellationToken.None);
        await connector.AttachAsync(invoice, Receipt, "application/pdf", Pdf, CancellationToken.None);
        await connector.AttachAsync(invoice, "hotel.pdf", "application/pdf", Pdf, CancellationToken.None);

        Assert.Equal([Receipt, "hotel.pdf"], _bc.Store.DocumentAttachments.Select(a => a["fileName"]!.GetValue<string>()));
        Assert.Equal(2, _bc.ApiCalls().Count(c => c.Method == "POST" && c.PathAndQuery.EndsWith("/documentAttachments", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AttachAsync_AnswerLostAfterTheCreate_RetryFindsItAndTheInvoiceHasOneCopy()
    {
        using var connector = _bc.Connector(BusinessCentralMode.PurchaseInvoice);
        var invoice = await PostAsync(connector);
        _bc.Faults.Next(ErpFault.None).Next(ErpFault.LoseAnswerAfterWrite);

        var lost = await Assert.ThrowsAsync<ErpUnavailableException>(() => connector.AttachAsync(invoice, Receipt, "application/pdf", Pdf, CancellationToken.None));
        await connector.AttachAsync(invoice, Receipt, "application/pdf", Pdf, CancellationToken.None);

        Assert.Contains("not attached twice", lost.Message, StringComparison.Ordinal);
        Assert.Single(_bc.Store.DocumentAttachments);
        Assert.Equal(1, _bc.ApiCalls().Count(c => c.Method == "POST" && c.PathAndQuery.EndsWith("/documentAttachments", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AttachAsync_UnknownInvoice_RejectedWithBusinessCentralsCodeAndMessage()
    {
        using var connector = _bc.Connector(BusinessCentralMode.PurchaseInvoice);
        var gone = new ErpConfirmation("P999999", InternalId: Guid.NewGuid().ToString());

        var refused = await Assert.ThrowsAsync<ErpAttachmentRejectedException>(() => connector.AttachAsync(gone, Receipt, "application/pdf", Pdf, CancellationToken.None));

        Assert.Contains("404 Internal_RecordNotFound", refused.Message, StringComparison.Ordinal);
        Assert.Contains("The Purch. Inv. Header does not exist", refused.Message, StringComparison.Ordinal);
        Assert.Contains(Receipt, refused.Message, StringComparison.Ordinal);
        Assert.Empty(_bc.Store.DocumentAttachments);
    }

    [Fact]
    public async Task AttachAsync_ConfirmationWithTheNumberOnly_FileGoesToThePostedInvoiceOfThatNumber()
    {
        using var connector = _bc.Connector(BusinessCentralMode.PurchaseInvoice);
        var invoice = await PostAsync(connector);

        await connector.AttachAsync(new ErpConfirmation(invoice.DocumentNumber), Receipt, "application/pdf", Pdf, CancellationToken.None);
        var unknown = await Assert.ThrowsAsync<ErpAttachmentRejectedException>(
            () => connector.AttachAsync(new ErpConfirmation("P999999"), Receipt, "application/pdf", Pdf, CancellationToken.None));

        Assert.Equal(invoice.InternalId, Assert.Single(_bc.Store.DocumentAttachments)["parentId"]!.GetValue<string>());
        Assert.StartsWith("Business Central holds no posted purchase invoice P999999 to attach train-ticket.pdf to", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttachAsync_JournalMode_RejectedWithTheReasonAndNothingSent()
    {
        using var connector = _bc.Connector(BusinessCentralMode.Journal);
        var posted = await connector.PostAsync(BusinessCentralFixture.Entry(), CancellationToken.None);
        Assert.True(posted.Accepted, posted.Reason);

        var refused = await Assert.ThrowsAsync<ErpAttachmentRejectedException>(
            () => connector.AttachAsync(posted.Confirmation ?? new ErpConfirmation(posted.DocumentNumber!), Receipt, "application/pdf", Pdf, CancellationToken.None));

        // The pipeline does not ask for a journal's document at all; asked anyway, it says why.
        Assert.False(((IErpAttachments)connector).TakesFilesFor(BusinessCentralFixture.Entry()));
        Assert.True(((IErpAttachments)connector).TakesFilesFor(BusinessCentralFixture.Entry() with { PostingObject = PostingObject.VendorBill }));
        Assert.Equal(
            $"Business Central holds no posted purchase invoice {posted.DocumentNumber} to attach train-ticket.pdf to (a journal posting takes no attachments through API v2.0: "
            + "the file stays with the report in FinanceFlow; attach it in Business Central by hand, or book the entity as VendorBill).",
            refused.Message);
        Assert.DoesNotContain(_bc.ApiCalls(), c => c.PathAndQuery.Contains("documentAttachments", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AttachAsync_ServiceUnavailableOnTheCreate_UnavailableNothingStoredAndTheRetryAttachesOnce()
    {
        using var connector = _bc.Connector(BusinessCentralMode.PurchaseInvoice);
        var invoice = await PostAsync(connector);
        _bc.Faults.Next(ErpFault.None).Next(ErpFault.ServiceUnavailable);

        var unavailable = await Assert.ThrowsAsync<ErpUnavailableException>(() => connector.AttachAsync(invoice, Receipt, "application/pdf", Pdf, CancellationToken.None));
        Assert.Empty(_bc.Store.DocumentAttachments);
        await connector.AttachAsync(invoice, Receipt, "application/pdf", Pdf, CancellationToken.None);

        Assert.Contains("503", unavailable.Message, StringComparison.Ordinal);
        Assert.Single(_bc.Store.DocumentAttachments);
    }

    [Fact]
    public async Task AttachAsync_ServiceUnavailableOnEveryRead_Unavailable()
    {
        using var connector = _bc.Connector(BusinessCentralMode.PurchaseInvoice);
        var invoice = await PostAsync(connector);
        _bc.Faults.Next(ErpFault.ServiceUnavailable, 4);

        var unavailable = await Assert.ThrowsAsync<ErpUnavailableException>(() => connector.AttachAsync(invoice, Receipt, "application/pdf", Pdf, CancellationToken.None));

        Assert.Contains("503", unavailable.Message, StringComparison.Ordinal);
        Assert.Empty(_bc.Store.DocumentAttachments);
    }

    [Fact]
    public async Task AttachAsync_FileTooLarge_RejectedAsTooLarge()
    {
        using var connector = _bc.Connector(BusinessCentralMode.PurchaseInvoice);
        var invoice = await PostAsync(connector);
        _bc.Store.MaxAttachmentBytes = 16;

        var refused = await Assert.ThrowsAsync<ErpAttachmentRejectedException>(() => connector.AttachAsync(invoice, Receipt, "application/pdf", Pdf, CancellationToken.None));

        Assert.StartsWith($"Business Central refused train-ticket.pdf ({Pdf.Length} bytes) as too large (413 RequestEntityTooLarge)", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_bc.Store.DocumentAttachments);
    }

    private static async Task<ErpConfirmation> PostAsync(BusinessCentralConnector connector)
    {
        var posted = await connector.PostAsync(BusinessCentralFixture.Entry(), CancellationToken.None);
        Assert.True(posted.Accepted, posted.Reason);
        return posted.Confirmation!;
    }
}
