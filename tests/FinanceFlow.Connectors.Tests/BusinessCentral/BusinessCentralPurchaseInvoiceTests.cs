using System.Text.Json;
using FinanceFlow.Connectors.BusinessCentral;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Journal;
using FinanceFlow.Emulators.Erp;

namespace FinanceFlow.Connectors.Tests.BusinessCentral;

public sealed class BusinessCentralPurchaseInvoiceTests : IAsyncLifetime
{
    private const string Reference = "FF-CANONICAL-R-1001";

    private BusinessCentralFixture _bc = null!;

    public async Task InitializeAsync() => _bc = await BusinessCentralFixture.StartAsync();

    public async Task DisposeAsync() => await _bc.DisposeAsync();

    [Fact]
    public async Task PostAsync_Reimbursement_DeepInsertThenPostAndConfirmedWithThePostedNumber()
    {
        using var connector = _bc.Connector(BusinessCentralMode.PurchaseInvoice);

        var result = await connector.PostAsync(BusinessCentralFixture.Entry(), CancellationToken.None);

        Assert.True(result.Accepted, result.Reason);
        Assert.Equal("P108001", result.DocumentNumber);
        Assert.Equal(new DateOnly(2025, 3, 14), result.Confirmation!.PostingDate);
        Assert.Equal(1, _bc.Store.PostedInvoices(Reference));
        var create = _bc.ApiCalls().Single(c => c.Method == "POST" && c.PathAndQuery.EndsWith("/purchaseInvoices", StringComparison.Ordinal));
        using var body = JsonDocument.Parse(create.Body);
        var invoice = body.RootElement;
        Assert.Equal(BusinessCentralFixture.Vendor, invoice.GetProperty("vendorNumber").GetString());
        Assert.Equal(Reference, invoice.GetProperty("vendorInvoiceNumber").GetString());
        Assert.Equal("2025-03-14", invoice.GetProperty("invoiceDate").GetString());
        Assert.Equal("2025-03-14", invoice.GetProperty("postingDate").GetString());
        var lines = invoice.GetProperty("purchaseInvoiceLines").EnumerateArray().ToList();
        Assert.Equal(["6400", "1576"], lines.Select(l => l.GetProperty("lineObjectNumber").GetString()));
        Assert.All(lines, l => Assert.Equal("Account", l.GetProperty("lineType").GetString()));
        Assert.All(lines, l => Assert.Equal(1, l.GetProperty("quantity").GetInt32()));
        Assert.Equal([100.00m, 19.00m], lines.Select(l => l.GetProperty("unitCost").GetDecimal()));
        Assert.Equal("FF-CANONICAL-R-1001 CC:CC100 PRJ:P-7 Train", lines[0].GetProperty("description").GetString());
        Assert.Contains(_bc.Store.LedgerEntries, e => e["accountNumber"]!.GetValue<string>() == "2110" && e["creditAmount"]!.GetValue<decimal>() == 119.00m);

        var transaction = Assert.Single(await connector.ListFinanceFlowTransactionsAsync(CancellationToken.None));
        Assert.Equal(Reference, transaction.Reference);
        Assert.Equal(119.00m, transaction.DebitsByCurrency["EUR"]);
    }

    [Fact]
    public async Task PostAsync_DraftCreatedAnswerLost_RetryPostsTheDraftAndCreatesNoSecondInvoice()
    {
        using var connector = _bc.Connector(BusinessCentralMode.PurchaseInvoice);
        _bc.Faults.Next(ErpFault.None).Next(ErpFault.LoseAnswerAfterWrite);
        var entry = BusinessCentralFixture.Entry();

        await Assert.ThrowsAsync<ErpOutcomeUnknownException>(() => connector.PostAsync(entry, CancellationToken.None));
        var lookup = await connector.FindDocumentAsync(entry, CancellationToken.None);
        var retried = await connector.PostAsync(entry, CancellationToken.None);

        Assert.False(lookup.Found);
        Assert.True(retried.Accepted, retried.Reason);
        Assert.Single(_bc.Store.PurchaseInvoices);
        Assert.Equal(1, _bc.Store.PostedInvoices(Reference));
    }

    [Fact]
    public async Task PostAsync_PostedAnswerLost_FoundAndNotPostedAgain()
    {
        using var connector = _bc.Connector(BusinessCentralMode.PurchaseInvoice);
        _bc.Faults.Next(ErpFault.None, 2).Next(ErpFault.LoseAnswerAfterWrite);
        var entry = BusinessCentralFixture.Entry();

        await Assert.ThrowsAsync<ErpOutcomeUnknownException>(() => connector.PostAsync(entry, CancellationToken.None));
        var lookup = await connector.FindDocumentAsync(entry, CancellationToken.None);
        var again = await connector.PostAsync(entry, CancellationToken.None);

        Assert.Equal("P108001", lookup.DocumentNumber);
        Assert.Empty(lookup.Differences);
        Assert.True(again.Accepted);
        Assert.Equal(1, _bc.Store.PostedInvoices(Reference));
    }

    [Fact]
    public async Task PostAsync_ClosedPeriod_RejectedAndTheDraftDeleted()
    {
        _bc.Store.AllowPostingFrom = new DateOnly(2025, 4, 1);
        using var connector = _bc.Connector(BusinessCentralMode.PurchaseInvoice);

        var result = await connector.PostAsync(BusinessCentralFixture.Entry(), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Contains("(Application_FieldValidationException): Posting Date is not within your range of allowed posting dates", result.Reason, StringComparison.Ordinal);
        Assert.Empty(_bc.Store.PurchaseInvoices);
    }

    [Fact]
    public async Task PostAsync_NoEmployeePayable_NotSent()
    {
        using var connector = _bc.Connector(BusinessCentralMode.PurchaseInvoice);
        var entry = BusinessCentralFixture.Entry();
        var card = entry with { Lines = [.. entry.Lines.Select(l => l.Role == AccountRole.EmployeePayable ? l with { Role = AccountRole.CardPayable } : l)] };

        var result = await connector.PostAsync(card, CancellationToken.None);

        Assert.StartsWith("Not sent to Business Central: a purchase invoice needs an EmployeePayable credit", result.Reason, StringComparison.Ordinal);
        Assert.Empty(_bc.ApiCalls());
    }
}
