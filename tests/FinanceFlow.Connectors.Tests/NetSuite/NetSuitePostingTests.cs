using System.Text.Json;
using FinanceFlow.Connectors.NetSuite;
using FinanceFlow.Core.Journal;
using static FinanceFlow.Connectors.Tests.NetSuite.NetSuiteLedger;

namespace FinanceFlow.Connectors.Tests.NetSuite;

/// <summary>Journal entries through real HTTP against the NetSuite emulator: request shapes as in shared/reference/netsuite, confirmation, rejections.</summary>
public sealed class NetSuitePostingTests
{
    [Fact]
    public async Task PostAsync_NewJournal_ReadsByExternalIdThenUpsertsAndConfirms()
    {
        await using var ledger = await StartAsync();

        var result = await ledger.Connector.PostAsync(Entry(), CancellationToken.None);

        var record = Assert.Single(ledger.Emulator.Records);
        Assert.True(result.Accepted, result.Reason);
        Assert.Equal(record.TranId, result.DocumentNumber);
        Assert.Equal(record.TranId, result.Confirmation!.DocumentNumber);
        Assert.Equal(record.Id, result.Confirmation.InternalId);
        Assert.Equal(new DateOnly(2026, 11, 20), result.Confirmation.PostingDate);
        Assert.Equal(new Uri($"https://1234567-sb1.app.netsuite.com/app/accounting/transactions/journal.nl?id={record.Id}"), result.Confirmation.Link);

        var calls = ledger.Calls;
        Assert.Equal(["GET", "PUT", "GET"], calls.Select(c => c.Method));
        Assert.Equal("/services/rest/record/v1/journalEntry/eid:FF-CANONICAL-R-1001?expandSubResources=true", calls[0].PathAndQuery);
        Assert.Equal("/services/rest/record/v1/journalEntry/eid:FF-CANONICAL-R-1001?replace=line", calls[1].PathAndQuery);
        Assert.Equal($"/services/rest/record/v1/journalEntry/{record.Id}?fields=tranId,tranDate,postingPeriod", calls[2].PathAndQuery);
        Assert.All(calls, c => Assert.StartsWith("Bearer emu-", c.Headers["Authorization"], StringComparison.Ordinal));
        Assert.StartsWith("application/json", calls[1].Headers["Content-Type"], StringComparison.Ordinal);

        // The journal entry use case's shape (subsidiary, line.items with account/debit/credit references), plus our fields.
        using var body = JsonDocument.Parse(calls[1].Body);
        var root = body.RootElement;
        Assert.Equal("1", root.GetProperty("subsidiary").GetProperty("id").GetString());
        Assert.Equal("1", root.GetProperty("currency").GetProperty("id").GetString());
        Assert.Equal("2026-11-20", root.GetProperty("tranDate").GetString());
        Assert.Equal("FF-CANONICAL-R-1001 Travel Jane Doe", root.GetProperty("memo").GetString());
        Assert.False(root.TryGetProperty("externalId", out _));
        var items = root.GetProperty("line").GetProperty("items");
        Assert.Equal(2, items.GetArrayLength());
        Assert.Equal("58", items[0].GetProperty("account").GetProperty("id").GetString());
        Assert.Equal("187.00", items[0].GetProperty("debit").GetRawText());
        Assert.False(items[0].TryGetProperty("credit", out _));
        Assert.Equal("Taxi to client", items[0].GetProperty("memo").GetString());
        Assert.Equal("3", items[0].GetProperty("department").GetProperty("id").GetString());
        Assert.Equal("7", items[0].GetProperty("class").GetProperty("id").GetString());
        Assert.Equal("4", items[1].GetProperty("account").GetProperty("id").GetString());
        Assert.Equal("187.00", items[1].GetProperty("credit").GetRawText());
        Assert.False(items[1].TryGetProperty("debit", out _));
        Assert.False(items[1].TryGetProperty("department", out _));

        Assert.Equal("FF-CANONICAL-R-1001", record.ExternalId);
        Assert.Equal(2, record.Lines.Count);
    }

    [Fact]
    public async Task PostAsync_AlreadyPostedWithSameBooks_ConfirmsWithoutWriting()
    {
        await using var ledger = await StartAsync();
        var first = await ledger.Connector.PostAsync(Entry(), CancellationToken.None);

        var again = await ledger.Connector.PostAsync(Entry(), CancellationToken.None);
        var found = await ledger.Connector.FindDocumentAsync(Entry(), CancellationToken.None);

        Assert.True(again.Accepted, again.Reason);
        Assert.Equal(first.DocumentNumber, again.DocumentNumber);
        Assert.Equal(first.Confirmation, again.Confirmation);
        Assert.Equal(1, ledger.Emulator.CountFor("FF-CANONICAL-R-1001"));
        Assert.Equal(1, ledger.Emulator.Records[0].Writes);
        Assert.Single(ledger.Calls, c => c.Method == "PUT");
        Assert.True(found.Found);
        Assert.True(found.Authoritative);
        Assert.Equal(first.DocumentNumber, found.DocumentNumber);
        Assert.Equal(1, found.Copies);
        Assert.Empty(found.Differences);
    }

    [Fact]
    public async Task PostAsync_ExternalIdHoldsOtherBooks_RefusedAndNeverOverwritten()
    {
        await using var ledger = await StartAsync();
        await ledger.Connector.PostAsync(Entry(), CancellationToken.None);
        ledger.Emulator.Edit("FF-CANONICAL-R-1001", r => r.Lines[0] = r.Lines[0] with { Account = "111" });

        var result = await ledger.Connector.PostAsync(Entry(), CancellationToken.None);
        var found = await ledger.Connector.FindDocumentAsync(Entry(), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Contains("(LEDGER_DIFFERS)", result.Reason, StringComparison.Ordinal);
        Assert.Contains("our line 58 187.00 USD costcenter 3 project 7 is not in the ledger", result.Reason, StringComparison.Ordinal);
        Assert.Contains("Not overwritten", result.Reason, StringComparison.Ordinal);
        Assert.Single(ledger.Calls, c => c.Method == "PUT");
        Assert.Equal("111", ledger.Emulator.Records.Single().Lines[0].Account);
        Assert.True(found.Found);
        Assert.Contains("the ledger's line 111 187.00 USD costcenter 3 project 7 is not ours", found.Differences);
    }

    [Fact]
    public async Task PostAsync_UnknownAccount_RejectedWithNetSuiteCodeDetailAndPath()
    {
        await using var ledger = await StartAsync();

        var result = await ledger.Connector.PostAsync(Entry(expenseAccount: "9999"), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Equal(
            "NetSuite refused the posting (INVALID_CONTENT): Error while accessing resource: You have entered an Invalid Field Value 9999 for the following field: account (at line.items[0].account)",
            result.Reason);
        Assert.Empty(ledger.Emulator.Records);
    }

    [Fact]
    public async Task PostAsync_ClosedPeriod_RejectedWithUserError()
    {
        await using var ledger = await StartAsync((_, emulator) => emulator.ClosedPeriods.Add(new DateOnly(2026, 10, 1)));

        var result = await ledger.Connector.PostAsync(Entry(date: new DateOnly(2026, 10, 31)), CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.StartsWith("NetSuite refused the posting (USER_ERROR):", result.Reason, StringComparison.Ordinal);
        Assert.Contains("Oct 2026 is closed", result.Reason, StringComparison.Ordinal);
        Assert.Empty(ledger.Emulator.Records);
    }

    [Fact]
    public async Task PostAsync_AccountNameOrUnmappedCurrency_NotSent()
    {
        await using var ledger = await StartAsync();

        var name = await ledger.Connector.PostAsync(Entry(expenseAccount: "Expenses:Travel"), CancellationToken.None);
        var currency = await ledger.Connector.PostAsync(Entry(currency: "JPY"), CancellationToken.None);
        var unbalanced = await ledger.Connector.PostAsync(Entry() with { Lines = [.. Entry().Lines.Take(1)] }, CancellationToken.None);

        Assert.Equal("Not sent to NetSuite: line 1: account 'Expenses:Travel' is not a NetSuite account internal id.", name.Reason);
        Assert.Equal("Not sent to NetSuite: currency JPY has no NetSuite currency id: set FinanceFlow:Erp:Ledgers:us01:CurrencyIds:JPY.", currency.Reason);
        Assert.StartsWith("Not sent to NetSuite: the entry does not balance", unbalanced.Reason, StringComparison.Ordinal);
        Assert.Empty(ledger.Calls);
    }

    [Fact]
    public async Task PostAsync_ReferenceNetSuiteCannotTake_MapsToStableExternalIdAndKeepsFullReferenceInMemo()
    {
        await using var ledger = await StartAsync();
        var reference = "FF-EXPENSIFY-" + new string('R', 70) + ".DE01";
        var externalId = NetSuiteExternalId.For(reference);

        var result = await ledger.Connector.PostAsync(Entry(reference), CancellationToken.None);
        var found = await ledger.Connector.FindDocumentAsync(Entry(reference), CancellationToken.None);
        var readBack = await ledger.Connector.ListFinanceFlowTransactionsAsync(CancellationToken.None);

        Assert.True(result.Accepted, result.Reason);
        Assert.True(NetSuiteExternalId.IsValid(externalId));
        Assert.Equal(NetSuiteExternalId.MaxLength, externalId.Length);
        Assert.Equal(1, ledger.Emulator.CountFor(externalId));
        Assert.StartsWith(reference + " ", ledger.Emulator.Records[0].Memo, StringComparison.Ordinal);
        Assert.True(found.Found);
        Assert.Empty(found.Differences);
        var transaction = Assert.Single(readBack);
        Assert.Equal(reference, transaction.Reference);
        Assert.Equal("Travel Jane Doe", transaction.Description);
    }

    [Fact]
    public async Task FindDocumentAsync_NothingUnderTheReference_AuthoritativeNotFound()
    {
        await using var ledger = await StartAsync();

        var found = await ledger.Connector.FindDocumentAsync(Entry("FF-CANONICAL-R-404"), CancellationToken.None);

        Assert.False(found.Found);
        Assert.True(found.Authoritative);
        Assert.True(ledger.Connector.HasAuthoritativeLookup);
    }

    [Fact]
    public async Task PostAsync_VendorBillMode_BillsTheVendorWithExpenseLinesAndPayableAccount()
    {
        await using var ledger = await StartAsync((settings, _) =>
        {
            settings[Key + ":Mode"] = "VendorBill";
            settings[Key + ":VendorId"] = "1722";
        });
        var entry = Entry() with
        {
            Lines =
            [
                new JournalLine(AccountRole.Expense, "58", 150.00m, 0m, CostCenter: "3"),
                new JournalLine(AccountRole.InputTax, "112", 37.00m, 0m),
                new JournalLine(AccountRole.EmployeePayable, "4", 0m, 187.00m),
            ],
        };

        var result = await ledger.Connector.PostAsync(entry, CancellationToken.None);
        var again = await ledger.Connector.PostAsync(entry, CancellationToken.None);
        var readBack = await ledger.Connector.ListFinanceFlowTransactionsAsync(CancellationToken.None);

        Assert.True(result.Accepted, result.Reason);
        Assert.True(again.Accepted, again.Reason);
        var record = Assert.Single(ledger.Emulator.Records);
        Assert.True(record.IsVendorBill);
        Assert.Equal(1, record.Writes);
        Assert.Equal(new Uri($"https://1234567-sb1.app.netsuite.com/app/accounting/transactions/vendbill.nl?id={record.Id}"), result.Confirmation!.Link);
        var put = Assert.Single(ledger.Calls, c => c.Method == "PUT");
        Assert.Equal("/services/rest/record/v1/vendorBill/eid:FF-CANONICAL-R-1001?replace=expense", put.PathAndQuery);
        using var body = JsonDocument.Parse(put.Body);
        var root = body.RootElement;
        Assert.Equal("1722", root.GetProperty("entity").GetProperty("id").GetString());
        Assert.Equal("4", root.GetProperty("account").GetProperty("id").GetString());
        var items = root.GetProperty("expense").GetProperty("items");
        Assert.Equal(2, items.GetArrayLength());
        Assert.Equal("58", items[0].GetProperty("account").GetProperty("id").GetString());
        Assert.Equal("150.00", items[0].GetProperty("amount").GetRawText());
        Assert.Equal("3", items[0].GetProperty("department").GetProperty("id").GetString());
        Assert.Equal("37.00", items[1].GetProperty("amount").GetRawText());
        Assert.Equal(187.00m, Assert.Single(readBack).DebitsByCurrency["USD"]);
    }
}
