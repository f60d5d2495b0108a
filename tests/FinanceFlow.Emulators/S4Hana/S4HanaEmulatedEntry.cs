namespace FinanceFlow.Emulators.S4Hana;

/// <summary>A journal entry the emulated S/4HANA posted.</summary>
public sealed record S4HanaEmulatedEntry(
    string CompanyCode,
    string FiscalYear,
    string AccountingDocument,
    string? DocumentReferenceId,
    string? HeaderText,
    string AccountingDocumentType,
    DateOnly PostingDate,
    DateOnly DocumentDate,
    string CreatedByUser,
    IReadOnlyList<S4HanaEmulatedItem> Items,
    DateTimeOffset PostedAt)
{
    /// <summary>Reads of the cube that still do not show it (the read-back lag); counts down.</summary>
    public int HiddenReads { get; set; }
}

/// <summary>One item of an emulated journal entry; <paramref name="Amount"/> is signed (credits negative), as SAP stores it.</summary>
/// <param name="Clearing">The payment (or other clearing) that cleared the open item; null while it is open.</param>
/// <param name="InvoiceReference">The item this one refers to (REBZG/REBZJ/REBZZ): a part payment's or a residual item's invoice.</param>
public sealed record S4HanaEmulatedItem(
    string Item, string GLAccount, string Currency, decimal Amount, string DebitCreditCode, string? ItemText, string? CostCenter, string? WbsElement,
    S4HanaEmulatedClearing? Clearing = null, S4HanaEmulatedItemKey? InvoiceReference = null);

/// <summary>An item's key within its company code: journal entry, fiscal year, item.</summary>
public sealed record S4HanaEmulatedItemKey(string AccountingDocument, string FiscalYear, string Item);

/// <summary>A clearing of an open item (ClearingAccountingDocument, ClearingDocFiscalYear, ClearingDate, ClearingIsReversed).</summary>
public sealed record S4HanaEmulatedClearing(string AccountingDocument, string FiscalYear, DateOnly Date, bool IsReversed = false);
