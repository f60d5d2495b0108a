using System.Text.Json;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Emulators.Erp;
using static FinanceFlow.Connectors.Tests.NetSuite.NetSuiteLedger;

namespace FinanceFlow.Connectors.Tests.NetSuite;

/// <summary>Payments read back from NetSuite through SuiteQL: bill payments linked to our journal entries and vendor bills.</summary>
public sealed class NetSuitePaymentTests
{
    private static readonly DateOnly Since = new(2026, 11, 21);

    [Fact]
    public async Task ListPaymentsAsync_JournalPaidInFull_OnePaymentWithItsIdReferenceDateAndAmount()
    {
        // Arrange: two journals posted, one paid by a bill payment.
        await using var ledger = await StartAsync();
        Assert.True((await ledger.Connector.PostAsync(Entry("FF-CANONICAL-R-1001"), CancellationToken.None)).Accepted);
        Assert.True((await ledger.Connector.PostAsync(Entry("FF-CANONICAL-R-1002"), CancellationToken.None)).Accepted);
        var journal = ledger.Emulator.Records[0];
        var payment = ledger.Emulator.Pay(new DateOnly(2026, 11, 25), ("FF-CANONICAL-R-1001", 187.00m));

        // Act
        var read = await ledger.Connector.ListPaymentsAsync(Since, CancellationToken.None);

        // Assert
        Assert.True(ledger.Connector.HasPaymentStatus);
        Assert.Equal([new ErpPayment($"{payment.Id}/{journal.Id}", "FF-CANONICAL-R-1001", new DateOnly(2026, 11, 25), 187.00m, "USD")], read.Payments);
        Assert.Empty(read.Problems);
        var query = Query(ledger.Calls[^1]);
        Assert.StartsWith("SELECT p.id AS paymentid, p.tranid AS paymenttranid, TO_CHAR(p.trandate, 'YYYY-MM-DD') AS paidon, t.id, t.tranid, t.externalid, t.memo, t.currency, l.foreignamount AS amount FROM", query, StringComparison.Ordinal);
        Assert.Contains("WHERE t.externalid LIKE 'FF-%' AND t.type IN ('Journal', 'VendBill')", query, StringComparison.Ordinal);
        Assert.EndsWith("ORDER BY p.id, t.id, l.previousline, l.nextline", query, StringComparison.Ordinal);
        Assert.Contains("FROM NextTransactionLineLink l INNER JOIN transaction t ON t.id = l.previousdoc INNER JOIN transaction p ON p.id = l.nextdoc", query, StringComparison.Ordinal);
        Assert.Contains("AND l.linktype = 'Payment' AND p.voided = 'F' AND p.trandate >= TO_DATE('2026-11-21', 'YYYY-MM-DD')", query, StringComparison.Ordinal);
        Assert.Equal(("POST", "transient"), (ledger.Calls[^1].Method, ledger.Calls[^1].Headers["Prefer"]));
    }

    [Fact]
    public async Task ListPaymentsAsync_TwoPartPayments_EachSeparatelyWithWhatItPaid()
    {
        await using var ledger = await StartAsync();
        Assert.True((await ledger.Connector.PostAsync(Entry("FF-CANONICAL-R-1003", currency: "EUR"), CancellationToken.None)).Accepted);
        var journal = ledger.Emulator.Records[0];
        var first = ledger.Emulator.Pay(new DateOnly(2026, 11, 22), ("FF-CANONICAL-R-1003", 80.00m));
        var rest = ledger.Emulator.Pay(new DateOnly(2026, 11, 30), ("FF-CANONICAL-R-1003", 107.00m));

        var read = await ledger.Connector.ListPaymentsAsync(Since, CancellationToken.None);

        Assert.Equal(
            [
                new ErpPayment($"{first.Id}/{journal.Id}", "FF-CANONICAL-R-1003", new DateOnly(2026, 11, 22), 80.00m, "EUR"),
                new ErpPayment($"{rest.Id}/{journal.Id}", "FF-CANONICAL-R-1003", new DateOnly(2026, 11, 30), 107.00m, "EUR"),
            ],
            read.Payments);
        Assert.Equal(187.00m, read.Payments.Sum(p => p.Amount));
    }

    [Fact]
    public async Task ListPaymentsAsync_PaidBeforeSinceOrVoided_LeftOut()
    {
        await using var ledger = await StartAsync();
        Assert.True((await ledger.Connector.PostAsync(Entry("FF-CANONICAL-R-1004"), CancellationToken.None)).Accepted);
        Assert.True((await ledger.Connector.PostAsync(Entry("FF-CANONICAL-R-1005"), CancellationToken.None)).Accepted);
        Assert.True((await ledger.Connector.PostAsync(Entry("FF-CANONICAL-R-1006"), CancellationToken.None)).Accepted);
        ledger.Emulator.Pay(Since.AddDays(-1), ("FF-CANONICAL-R-1004", 187.00m));
        ledger.Emulator.Pay(Since, ("FF-CANONICAL-R-1005", 187.00m));
        ledger.Emulator.Pay(Since.AddDays(2), ("FF-CANONICAL-R-1006", 187.00m)).Voided = true;

        var read = await ledger.Connector.ListPaymentsAsync(Since, CancellationToken.None);

        Assert.Equal(("FF-CANONICAL-R-1005", Since), (Assert.Single(read.Payments).Reference, read.Payments[0].PaidOn));
    }

    [Fact]
    public async Task ListPaymentsAsync_ThreeRowsOnPagesOfTwo_EveryPaymentReadOverTwoPages()
    {
        // Arrange: one bill payment pays two reports, another pays a third.
        await using var ledger = await StartAsync((settings, _) => settings[Key + ":QueryPageSize"] = "2");
        foreach (var reference in new[] { "FF-CANONICAL-R-2001", "FF-CANONICAL-R-2002", "FF-CANONICAL-R-2003" })
        {
            Assert.True((await ledger.Connector.PostAsync(Entry(reference, amount: 50m), CancellationToken.None)).Accepted);
        }

        var both = ledger.Emulator.Pay(new DateOnly(2026, 11, 26), ("FF-CANONICAL-R-2001", 50m), ("FF-CANONICAL-R-2002", 20m));
        var third = ledger.Emulator.Pay(new DateOnly(2026, 11, 27), ("FF-CANONICAL-R-2003", 50m));
        var calls = ledger.Calls.Count;

        // Act
        var read = await ledger.Connector.ListPaymentsAsync(Since, CancellationToken.None);

        // Assert: one payment per payment and report, ids distinct, the pages asked in turn.
        var ids = ledger.Emulator.Records.Select(r => r.Id).ToList();
        Assert.Equal(
            [
                new ErpPayment($"{both.Id}/{ids[0]}", "FF-CANONICAL-R-2001", new DateOnly(2026, 11, 26), 50m, "USD"),
                new ErpPayment($"{both.Id}/{ids[1]}", "FF-CANONICAL-R-2002", new DateOnly(2026, 11, 26), 20m, "USD"),
                new ErpPayment($"{third.Id}/{ids[2]}", "FF-CANONICAL-R-2003", new DateOnly(2026, 11, 27), 50m, "USD"),
            ],
            read.Payments);
        Assert.Equal(
            ["/services/rest/query/v1/suiteql?limit=2&offset=0", "/services/rest/query/v1/suiteql?limit=2&offset=2"],
            ledger.Calls.Skip(calls).Select(c => c.PathAndQuery));
    }

    [Fact]
    public async Task ListPaymentsAsync_VendorBillWithAReferenceNotAnExternalId_FullReferenceFromTheMemo()
    {
        await using var ledger = await StartAsync((settings, _) =>
        {
            settings[Key + ":Mode"] = "VendorBill";
            settings[Key + ":VendorId"] = "1722";
        });
        const string reference = "FF-EXPENSIFY-R1.DE01";
        Assert.True((await ledger.Connector.PostAsync(Entry(reference, amount: 42.10m), CancellationToken.None)).Accepted);
        var bill = ledger.Emulator.Records[0];
        var payment = ledger.Emulator.Pay(new DateOnly(2026, 12, 2), (bill.ExternalId, 42.10m));

        var read = await ledger.Connector.ListPaymentsAsync(Since, CancellationToken.None);

        Assert.True(bill.IsVendorBill);
        Assert.NotEqual(reference, bill.ExternalId);
        Assert.Equal([new ErpPayment($"{payment.Id}/{bill.Id}", reference, new DateOnly(2026, 12, 2), 42.10m, "USD")], read.Payments);
    }

    [Fact]
    public async Task ListPaymentsAsync_CurrencyNotInSettings_AProblemNotAPayment()
    {
        await using var ledger = await StartAsync();
        Assert.True((await ledger.Connector.PostAsync(Entry("FF-CANONICAL-R-3001"), CancellationToken.None)).Accepted);
        ledger.Emulator.Edit("FF-CANONICAL-R-3001", r => r.Currency = "2");
        ledger.Emulator.Pay(new DateOnly(2026, 11, 25), ("FF-CANONICAL-R-3001", 187.00m));

        var read = await ledger.Connector.ListPaymentsAsync(Since, CancellationToken.None);

        Assert.Empty(read.Payments);
        Assert.Contains("FF-CANONICAL-R-3001", Assert.Single(read.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListPaymentsAsync_NetSuiteUnavailable_ErpUnavailable()
    {
        await using var ledger = await StartAsync();
        ledger.Emulator.Faults.Next(ErpFault.ServiceUnavailable, 4);

        await Assert.ThrowsAsync<ErpUnavailableException>(() => ledger.Connector.ListPaymentsAsync(Since, CancellationToken.None));
    }

    [Fact]
    public async Task ListPaymentsAsync_SecondPageFails_ErpUnavailableNotHalfTheAnswer()
    {
        await using var ledger = await StartAsync((settings, _) => settings[Key + ":QueryPageSize"] = "1");
        Assert.True((await ledger.Connector.PostAsync(Entry("FF-CANONICAL-R-4001"), CancellationToken.None)).Accepted);
        ledger.Emulator.Pay(new DateOnly(2026, 11, 22), ("FF-CANONICAL-R-4001", 87.00m));
        ledger.Emulator.Pay(new DateOnly(2026, 11, 23), ("FF-CANONICAL-R-4001", 100.00m));
        ledger.Emulator.Faults.Next(ErpFault.None).Next(ErpFault.ServiceUnavailable, 4);

        await Assert.ThrowsAsync<ErpUnavailableException>(() => ledger.Connector.ListPaymentsAsync(Since, CancellationToken.None));
    }

    private static string Query(ErpCall call)
    {
        using var body = JsonDocument.Parse(call.Body);
        return body.RootElement.GetProperty("q").GetString()!;
    }
}
