using FinanceFlow.Connectors.Erp;
using FinanceFlow.Connectors.S4Hana;
using FinanceFlow.Emulators.Erp;
using FinanceFlow.Emulators.S4Hana;

namespace FinanceFlow.Connectors.Tests.S4Hana;

/// <summary>
/// Part payments read back from SAP S/4HANA: a payable of 119.00 EUR paid in parts, booked with the partial-payment method (an open
/// debit item referring to the payable) or the residual-item method (the payable cleared, the rest a new credit referring to it).
/// Each payment journal entry is one payment of what it actually paid.
/// </summary>
public sealed class S4HanaPartPaymentTests
{
    private const string Reference = "FF-CONCUR-3001";
    private static readonly DateOnly Since = new(2026, 3, 1);

    [Theory]
    [InlineData(S4HanaPartPaymentMethod.ResidualItem)]
    [InlineData(S4HanaPartPaymentMethod.PartialPayment)]
    public async Task ListPaymentsAsync_OnePartPayment_OnlyThePartPaid(S4HanaPartPaymentMethod method)
    {
        // Arrange: 50.00 of 119.00 paid; with a residual item the payable itself reads as cleared by the payment.
        await using var ledger = await S4HanaTestLedger.StartAsync();
        await PostAsync(ledger, Reference);
        ledger.Emulator.PayPart(Id(Reference), "1500000001", 50m, new DateOnly(2026, 3, 10), method);

        // Act
        var read = await Payments(ledger).ListPaymentsAsync(Since, CancellationToken.None);

        // Assert
        Assert.Equal([new ErpPayment("1500000001/1010/2026", Reference, new DateOnly(2026, 3, 10), 50.00m, "EUR")], read.Payments);
        Assert.Empty(read.Problems);
    }

    [Theory]
    [InlineData(S4HanaPartPaymentMethod.ResidualItem)]
    [InlineData(S4HanaPartPaymentMethod.PartialPayment)]
    public async Task ListPaymentsAsync_TwoPartPaymentsThenTheFinalClearing_ThreePaymentsSummingToThePayable(S4HanaPartPaymentMethod method)
    {
        // Arrange: 50.00, then 30.00 (with residual items: clearing the first residual), then the final clearing of the 39.00 left.
        await using var ledger = await S4HanaTestLedger.StartAsync();
        await PostAsync(ledger, Reference);
        ledger.Emulator.PayPart(Id(Reference), "1500000001", 50m, new DateOnly(2026, 3, 10), method);
        ledger.Emulator.PayPart(Id(Reference), "1500000002", 30m, new DateOnly(2026, 3, 15), method);
        ledger.Emulator.Clear(Id(Reference), "1500000003", new DateOnly(2026, 3, 20));

        // Act
        var read = await Payments(ledger).ListPaymentsAsync(Since, CancellationToken.None);

        // Assert
        Assert.Equal(
            [
                new ErpPayment("1500000001/1010/2026", Reference, new DateOnly(2026, 3, 10), 50.00m, "EUR"),
                new ErpPayment("1500000002/1010/2026", Reference, new DateOnly(2026, 3, 15), 30.00m, "EUR"),
                new ErpPayment("1500000003/1010/2026", Reference, new DateOnly(2026, 3, 20), 39.00m, "EUR"),
            ],
            read.Payments);
        Assert.Equal(119.00m, read.Payments.Sum(p => p.Amount));
        Assert.Empty(read.Problems);
    }

    [Theory]
    [InlineData(S4HanaPartPaymentMethod.ResidualItem)]
    [InlineData(S4HanaPartPaymentMethod.PartialPayment)]
    public async Task ListPaymentsAsync_ReadTwiceAsPaymentsGoOn_SameIdsForTheSamePayments(S4HanaPartPaymentMethod method)
    {
        // Arrange: the sync reads after the first part payment and again after the final clearing.
        await using var ledger = await S4HanaTestLedger.StartAsync();
        await PostAsync(ledger, Reference);
        ledger.Emulator.PayPart(Id(Reference), "1500000001", 50m, new DateOnly(2026, 3, 10), method);
        var first = await Payments(ledger).ListPaymentsAsync(Since, CancellationToken.None);
        var again = await Payments(ledger).ListPaymentsAsync(Since, CancellationToken.None);

        // Act
        ledger.Emulator.Clear(Id(Reference), "1500000002", new DateOnly(2026, 3, 20));
        var after = await Payments(ledger).ListPaymentsAsync(Since, CancellationToken.None);

        // Assert: the part payment keeps its id and amount; the final clearing adds only the rest.
        Assert.Equal(first.Payments, again.Payments);
        Assert.Equal(first.Payments[0], after.Payments[0]);
        Assert.Equal(new ErpPayment("1500000002/1010/2026", Reference, new DateOnly(2026, 3, 20), 69.00m, "EUR"), Assert.Single(after.Payments.Skip(1)));
    }

    [Theory]
    [InlineData(S4HanaPartPaymentMethod.ResidualItem)]
    [InlineData(S4HanaPartPaymentMethod.PartialPayment)]
    public async Task ListPaymentsAsync_PartPaymentBeforeTheWindow_OnlyTheLaterPaymentsWithWhatTheyPaid(S4HanaPartPaymentMethod method)
    {
        // Arrange: 50.00 paid in February (read by an earlier run), 30.00 and the final 39.00 in March.
        await using var ledger = await S4HanaTestLedger.StartAsync();
        await PostAsync(ledger, Reference, new DateOnly(2026, 2, 10));
        ledger.Emulator.PayPart(Id(Reference), "1500000001", 50m, new DateOnly(2026, 2, 20), method);
        ledger.Emulator.PayPart(Id(Reference), "1500000002", 30m, new DateOnly(2026, 3, 5), method);
        ledger.Emulator.Clear(Id(Reference), "1500000003", new DateOnly(2026, 3, 20));

        // Act
        var read = await Payments(ledger).ListPaymentsAsync(Since, CancellationToken.None);

        // Assert
        Assert.Equal([30.00m, 39.00m], read.Payments.Select(p => p.Amount));
        Assert.Equal(["1500000002/1010/2026", "1500000003/1010/2026"], read.Payments.Select(p => p.PaymentId));
        Assert.All(read.Payments, p => Assert.Equal(Reference, p.Reference));
    }

    [Fact]
    public async Task ListPaymentsAsync_ManyPartPaymentsOverSmallPages_EachReadOnceAndAnotherInvoicesPartPaymentLeftOut()
    {
        // Arrange: pages of 2 rows; 25 reports part paid with residual items in February and cleared in March (their payables are
        // read through the residuals' invoice references, more than one batch of entries), and a supplier invoice of someone else part paid.
        await using var ledger = await S4HanaTestLedger.StartAsync(new Dictionary<string, string?> { ["PageSize"] = "2" });
        ledger.Emulator.MaxPageSize = 1;
        var references = Enumerable.Range(1, 25).Select(i => $"FF-CONCUR-40{i:00}").ToList();
        for (var i = 0; i < references.Count; i++)
        {
            await PostAsync(ledger, references[i], new DateOnly(2026, 2, 10));
            ledger.Emulator.PayPart(Id(references[i]), $"15000001{i:00}", 100m, new DateOnly(2026, 2, 20), S4HanaPartPaymentMethod.ResidualItem);
            ledger.Emulator.Clear(Id(references[i]), $"15000002{i:00}", new DateOnly(2026, 3, 2 + i));
        }

        var invoice = ledger.Emulator.Add("1010", "INV-778", new DateOnly(2026, 3, 1),
            [new S4HanaEmulatedItem("001", "61001000", "EUR", 500m, "S", null, null, null), new S4HanaEmulatedItem("002", "21720000", "EUR", -500m, "H", null, null, null)]);
        ledger.Emulator.Add("1010", null, new DateOnly(2026, 3, 3), [
            new S4HanaEmulatedItem("001", S4HanaEmulator.BankAccount, "EUR", -200m, "H", null, null, null),
            new S4HanaEmulatedItem("002", "21720000", "EUR", 200m, "S", null, null, null, InvoiceReference: new S4HanaEmulatedItemKey(invoice.AccountingDocument, "2026", "002")),
        ]);

        // Act
        var read = await Payments(ledger).ListPaymentsAsync(Since, CancellationToken.None);

        // Assert: each final clearing pays the 19.00 left, once; the February part payments are before the window.
        Assert.Equal(references, read.Payments.Select(p => p.Reference));
        Assert.All(read.Payments, p => Assert.Equal(19.00m, p.Amount));
        Assert.Equal(references.Count, read.Payments.Select(p => p.PaymentId).Distinct().Count());
        Assert.Empty(read.Problems);
        Assert.Contains(ledger.Emulator.CubeReads, r => Uri.UnescapeDataString(r).Contains("&$skip=2", StringComparison.Ordinal));
        Assert.Equal(2, ledger.Emulator.CubeReads.Count(r => Uri.UnescapeDataString(r).Contains("(AccountingDocument eq", StringComparison.Ordinal) && Uri.UnescapeDataString(r).Contains("$skip=0", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ListPaymentsAsync_CubeUnavailableOnTheInvoiceReferenceRead_UnavailableAndNothingRead()
    {
        // Arrange: the cleared items are read; the read of the items with an invoice reference fails on every attempt.
        await using var ledger = await S4HanaTestLedger.StartAsync();
        await PostAsync(ledger, Reference);
        ledger.Emulator.PayPart(Id(Reference), "1500000001", 50m, new DateOnly(2026, 3, 10), S4HanaPartPaymentMethod.ResidualItem);
        ledger.Emulator.Faults.Next(ErpFault.None).Next(ErpFault.ServiceUnavailable, 3);

        // Act
        var failure = await Assert.ThrowsAsync<ErpUnavailableException>(() => Payments(ledger).ListPaymentsAsync(Since, CancellationToken.None));

        // Assert
        Assert.Contains("503", failure.Message, StringComparison.Ordinal);
        Assert.Contains(ledger.Emulator.CubeReads, r => Uri.UnescapeDataString(r).Contains("InvoiceReference ne ''", StringComparison.Ordinal));
    }

    private static IErpPayments Payments(S4HanaTestLedger ledger) => ledger.Connector;

    private static string Id(string reference) => S4HanaReference.DocumentReferenceId(reference);

    private static async Task PostAsync(S4HanaTestLedger ledger, string reference, DateOnly? date = null) =>
        Assert.True((await ledger.Connector.PostAsync(S4HanaTestLedger.Entry(reference, date: date), CancellationToken.None)).Accepted);
}
