using System.Text.Json;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Emulators.Erp;
using static FinanceFlow.Connectors.Tests.NetSuite.NetSuiteLedger;

namespace FinanceFlow.Connectors.Tests.NetSuite;

/// <summary>One journal-entry ledger, two entities: the one booking vendor bills gets bills drawn on the employee as a vendor, the other journal entries.</summary>
public sealed class NetSuitePostingObjectTests
{
    private const string EmployeeVendor = "2001";

    [Fact]
    public async Task PostAsync_VendorBillEntityOnAJournalLedger_BillDrawnOnTheEmployeeFoundAgainAndWrittenOnce()
    {
        await using var ledger = await StartAsync((_, emulator) => emulator.Vendors.Add(EmployeeVendor));
        var bill = Entry("FF-CANONICAL-R-2001") with { PostingObject = PostingObject.VendorBill, EmployeeErpId = EmployeeVendor };

        var posted = await ledger.Connector.PostAsync(bill, CancellationToken.None);
        var found = await ledger.Connector.FindDocumentAsync(bill, CancellationToken.None);
        var again = await ledger.Connector.PostAsync(bill, CancellationToken.None);

        Assert.True(posted.Accepted, posted.Reason);
        Assert.True(again.Accepted, again.Reason);
        var record = Assert.Single(ledger.Emulator.Records);
        Assert.True(record.IsVendorBill);
        Assert.Equal((EmployeeVendor, 1), (record.Entity, record.Writes));
        Assert.Equal((true, record.TranId, 0), (found.Found, found.DocumentNumber, found.Differences.Count));
        Assert.Equal(new Uri($"https://1234567-sb1.app.netsuite.com/app/accounting/transactions/vendbill.nl?id={record.Id}"), posted.Confirmation!.Link);
        var put = Assert.Single(ledger.Calls, c => c.Method == "PUT");
        Assert.Equal("/services/rest/record/v1/vendorBill/eid:FF-CANONICAL-R-2001?replace=expense", put.PathAndQuery);
        using var body = JsonDocument.Parse(put.Body);
        Assert.Equal(EmployeeVendor, body.RootElement.GetProperty("entity").GetProperty("id").GetString());
        Assert.Equal("4", body.RootElement.GetProperty("account").GetProperty("id").GetString());
        Assert.DoesNotContain(ledger.Calls, c => c.PathAndQuery.Contains("/journalEntry/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostAsync_JournalEntryEntityOnAVendorBillLedger_JournalEntryFoundAgainAndWrittenOnce()
    {
        await using var ledger = await StartAsync((settings, _) =>
        {
            settings[Key + ":Mode"] = "VendorBill";
            settings[Key + ":VendorId"] = "1722";
        });
        var journal = Entry("FF-CANONICAL-R-2002") with { PostingObject = PostingObject.JournalEntry, EmployeeErpId = EmployeeVendor };

        var posted = await ledger.Connector.PostAsync(journal, CancellationToken.None);
        var found = await ledger.Connector.FindDocumentAsync(journal, CancellationToken.None);
        var again = await ledger.Connector.PostAsync(journal, CancellationToken.None);

        Assert.True(posted.Accepted, posted.Reason);
        Assert.True(again.Accepted, again.Reason);
        var record = Assert.Single(ledger.Emulator.Records);
        Assert.False(record.IsVendorBill);
        Assert.Equal(1, record.Writes);
        Assert.True(found.Found);
        Assert.Empty(found.Differences);
        Assert.Equal("/services/rest/record/v1/journalEntry/eid:FF-CANONICAL-R-2002?replace=line", Assert.Single(ledger.Calls, c => c.Method == "PUT").PathAndQuery);
    }

    [Fact]
    public async Task PostAsync_VendorBillAnswerLostAfterTheWrite_OneBillAndFoundByItsExternalId()
    {
        await using var ledger = await StartAsync((_, emulator) => emulator.Vendors.Add(EmployeeVendor));
        var bill = Entry("FF-CANONICAL-R-2003") with { PostingObject = PostingObject.VendorBill, EmployeeErpId = EmployeeVendor };
        ledger.Emulator.Faults.Next(ErpFault.None).Next(ErpFault.LoseAnswerAfterWrite);

        var posted = await ledger.Connector.PostAsync(bill, CancellationToken.None);
        var found = await ledger.Connector.FindDocumentAsync(bill, CancellationToken.None);

        Assert.True(posted.Accepted, posted.Reason);
        Assert.Equal(1, ledger.Emulator.CountFor("FF-CANONICAL-R-2003"));
        Assert.True(Assert.Single(ledger.Emulator.Records).IsVendorBill);
        Assert.True(found.Found);
        Assert.Empty(found.Differences);
    }

    [Fact]
    public async Task ListFinanceFlowTransactionsAsync_BillAndJournalOnOneLedger_BothReadBackUnderOurReferences()
    {
        await using var ledger = await StartAsync((_, emulator) => emulator.Vendors.Add(EmployeeVendor));
        var bill = Entry("FF-CANONICAL-R-2004") with { PostingObject = PostingObject.VendorBill, EmployeeErpId = EmployeeVendor };
        var journal = Entry("FF-CANONICAL-R-2005") with { PostingObject = PostingObject.JournalEntry };
        Assert.True((await ledger.Connector.PostAsync(bill, CancellationToken.None)).Accepted);
        Assert.True((await ledger.Connector.PostAsync(journal, CancellationToken.None)).Accepted);

        var transactions = await ledger.Connector.ListFinanceFlowTransactionsAsync(CancellationToken.None);

        Assert.Equal(["FF-CANONICAL-R-2004", "FF-CANONICAL-R-2005"], transactions.Select(t => t.Reference).Order(StringComparer.Ordinal));
        Assert.All(transactions, t => Assert.Equal(187.00m, t.DebitsByCurrency["USD"]));
    }

    [Fact]
    public async Task PostAsync_VendorBillWithNoVendorAnywhere_NotSentNamingTheSettingAndTheMasterData()
    {
        await using var ledger = await StartAsync();
        var bill = Entry("FF-CANONICAL-R-2006") with { PostingObject = PostingObject.VendorBill };

        var result = await ledger.Connector.PostAsync(bill, CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Equal($"Not sent to NetSuite: a vendor bill needs a vendor: the employee's erpId in master data for US01, or {Key}:VendorId.", result.Reason);
        Assert.Empty(ledger.Calls);
    }

    [Fact]
    public async Task PostAsync_EmployeeVendorNotAnInternalId_NotSent()
    {
        await using var ledger = await StartAsync();
        var bill = Entry("FF-CANONICAL-R-2007") with { PostingObject = PostingObject.VendorBill, EmployeeErpId = "V-JANE" };

        var result = await ledger.Connector.PostAsync(bill, CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Contains("vendor 'V-JANE' is not a NetSuite vendor internal id", result.Reason, StringComparison.Ordinal);
        Assert.Empty(ledger.Calls);
    }

    [Fact]
    public async Task FindDocumentAsync_EntitySwitchedToVendorBillsAfterTheJournalWasWritten_TheJournalEntryIsFoundSoNoBillIsWritten()
    {
        // Written as a journal entry; then the entity books vendor bills and the report runs again: the poster reads by external id
        // before it sends anything, and the journal entry it finds stands.
        await using var ledger = await StartAsync((_, emulator) => emulator.Vendors.Add(EmployeeVendor));
        var journal = Entry("FF-CANONICAL-R-2010") with { PostingObject = PostingObject.JournalEntry, EmployeeErpId = EmployeeVendor };
        var posted = await ledger.Connector.PostAsync(journal, CancellationToken.None);

        var found = await ledger.Connector.FindDocumentAsync(journal with { PostingObject = PostingObject.VendorBill }, CancellationToken.None);

        Assert.True(posted.Accepted, posted.Reason);
        var record = Assert.Single(ledger.Emulator.Records);
        Assert.False(record.IsVendorBill);
        Assert.Equal((true, record.TranId, 0), (found.Found, found.DocumentNumber, found.Differences.Count));
        Assert.Contains(ledger.Calls, c => c.PathAndQuery.StartsWith("/services/rest/record/v1/vendorBill/eid:FF-CANONICAL-R-2010", StringComparison.Ordinal));
    }
}
