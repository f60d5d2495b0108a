using FinanceFlow.Connectors.Erp;
using FinanceFlow.Connectors.S4Hana;
using FinanceFlow.Emulators.S4Hana;

namespace FinanceFlow.Connectors.Tests.S4Hana;

/// <summary>Payments read back from SAP S/4HANA: the payable items of our journal entries cleared by a payment run (part payments: <see cref="S4HanaPartPaymentTests"/>).</summary>
public sealed class S4HanaPaymentTests
{
    private static readonly DateOnly Since = new(2026, 3, 1);

    [Fact]
    public async Task ListPaymentsAsync_PayableCleared_OnePaymentWithClearingDocumentReferenceDateAndAmount()
    {
        // Arrange: two posted entries, one cleared by payment 1500000001, one still open.
        await using var ledger = await S4HanaTestLedger.StartAsync();
        Assert.True((await ledger.Connector.PostAsync(S4HanaTestLedger.Entry("FF-CONCUR-1001"), CancellationToken.None)).Accepted);
        Assert.True((await ledger.Connector.PostAsync(S4HanaTestLedger.Entry("FF-CONCUR-1002"), CancellationToken.None)).Accepted);
        ledger.Emulator.Clear(S4HanaReference.DocumentReferenceId("FF-CONCUR-1001"), "1500000001", new DateOnly(2026, 3, 20));

        // Act
        var read = await ((IErpPayments)ledger.Connector).ListPaymentsAsync(Since, CancellationToken.None);

        // Assert: the payable (119.00 EUR) paid by the clearing journal entry, named by its key.
        Assert.Equal([new ErpPayment("1500000001/1010/2026", "FF-CONCUR-1001", new DateOnly(2026, 3, 20), 119.00m, "EUR")], read.Payments);
        Assert.Empty(read.Problems);
        var query = ledger.Emulator.CubeReads.Select(Uri.UnescapeDataString)
            .Single(r => r.Contains("$filter=CompanyCode eq '1010' and startswith(DocumentReferenceID,'FF') and ClearingDate ge datetime'2026-03-01T00:00:00'", StringComparison.Ordinal));
        Assert.Contains(",ClearingAccountingDocument,ClearingDocFiscalYear,ClearingDate,ClearingIsReversed,InvoiceReference,InvoiceReferenceFiscalYear,InvoiceItemReference", query, StringComparison.Ordinal);
        Assert.Contains(ledger.Emulator.CubeReads, r => Uri.UnescapeDataString(r).Contains(
            "$filter=CompanyCode eq '1010' and InvoiceReference ne '' and (PostingDate ge datetime'2026-03-01T00:00:00' or ClearingDate ge datetime'2026-03-01T00:00:00')", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListPaymentsAsync_ClearedBeforeTheWatermarkOrReset_NotRead()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();
        Assert.True((await ledger.Connector.PostAsync(S4HanaTestLedger.Entry("FF-CONCUR-2001"), CancellationToken.None)).Accepted);
        Assert.True((await ledger.Connector.PostAsync(S4HanaTestLedger.Entry("FF-CONCUR-2002"), CancellationToken.None)).Accepted);
        ledger.Emulator.Clear(S4HanaReference.DocumentReferenceId("FF-CONCUR-2001"), "1500000002", new DateOnly(2026, 2, 27));
        ledger.Emulator.Clear(S4HanaReference.DocumentReferenceId("FF-CONCUR-2002"), "1500000003", new DateOnly(2026, 3, 21), reversed: true);

        var read = await ((IErpPayments)ledger.Connector).ListPaymentsAsync(Since, CancellationToken.None);

        Assert.Empty(read.Payments);
        Assert.Empty(read.Problems);
    }

    [Fact]
    public async Task ListPaymentsAsync_ReferenceLongerThanOneItemText_RecoveredFromTheWholeEntry()
    {
        // Arrange: a reference of 70 characters rides in two item texts; only the payable item is cleared.
        await using var ledger = await S4HanaTestLedger.StartAsync();
        var reference = "FF-EXPENSIFY-" + new string('R', 57);
        Assert.True((await ledger.Connector.PostAsync(S4HanaTestLedger.Entry(reference, amount: 50m), CancellationToken.None)).Accepted);
        ledger.Emulator.Clear(S4HanaReference.DocumentReferenceId(reference), "1500000004", new DateOnly(2026, 3, 22));

        // Act
        var read = await ((IErpPayments)ledger.Connector).ListPaymentsAsync(Since, CancellationToken.None);

        // Assert
        Assert.Equal([new ErpPayment("1500000004/1010/2026", reference, new DateOnly(2026, 3, 22), 59.50m, "EUR")], read.Payments);
        Assert.Contains(ledger.Emulator.CubeReads, r => Uri.UnescapeDataString(r).Contains($"DocumentReferenceID eq '{S4HanaReference.DocumentReferenceId(reference)}'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListPaymentsAsync_AnotherSystemsEntryStartingFF_NotAPaymentOfOurs()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();
        ledger.Emulator.Add("1010", "FFM-4711", new DateOnly(2026, 3, 10),
            [new S4HanaEmulatedItem("001", "61001000", "EUR", 5m, "S", null, null, null), new S4HanaEmulatedItem("002", "21710000", "EUR", -5m, "H", null, null, null)]);
        ledger.Emulator.Clear("FFM-4711", "1500000005", new DateOnly(2026, 3, 23));

        var read = await ((IErpPayments)ledger.Connector).ListPaymentsAsync(Since, CancellationToken.None);

        Assert.Empty(read.Payments);
        Assert.Empty(read.Problems);
    }
}
