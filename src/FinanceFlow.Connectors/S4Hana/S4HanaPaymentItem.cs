using System.Text.Json;

namespace FinanceFlow.Connectors.S4Hana;

/// <summary>
/// A journal entry item as the payment read sees it: the item, its clearing (null while open) and the item it refers to
/// (InvoiceReference/InvoiceReferenceFiscalYear/InvoiceItemReference: a part payment's or a residual item's invoice; null for none).
/// </summary>
public sealed record S4HanaPaymentItem(S4HanaDocumentItem Item, S4HanaClearing? Clearing, S4HanaItemKey? InvoiceReference)
{
    /// <summary>The item's fields, its clearing's and its invoice reference's.</summary>
    public const string Select = S4HanaDocumentItem.Select + ",ClearingAccountingDocument,ClearingDocFiscalYear,ClearingDate,ClearingIsReversed"
        + ",InvoiceReference,InvoiceReferenceFiscalYear,InvoiceItemReference";

    public S4HanaItemKey Key => S4HanaItemKey.Of(Item.AccountingDocument, Item.FiscalYear, Item.AccountingDocumentItem);

    /// <summary>The clearing that still holds: one that was reset (ClearingIsReversed) leaves the item open.</summary>
    public S4HanaClearing? Cleared => Clearing is { Reversed: false } clearing ? clearing : null;

    public static S4HanaPaymentItem Read(JsonElement row)
    {
        var item = S4HanaDocumentItem.Read(row);
        S4HanaClearing? clearing = null;
        if (S4HanaDocumentItem.Text(row, "ClearingAccountingDocument") is { } document)
        {
            var year = S4HanaDocumentItem.Text(row, "ClearingDocFiscalYear") ?? item.FiscalYear;
            clearing = new S4HanaClearing(
                S4HanaDocumentNumber.Format(document, item.CompanyCode, year), S4HanaDocumentItem.Date(row, "ClearingDate"), S4HanaDocumentItem.Flag(row, "ClearingIsReversed"));
        }

        var reference = S4HanaDocumentItem.Text(row, "InvoiceReference") is { } invoice
            ? S4HanaItemKey.Of(
                invoice,
                S4HanaDocumentItem.Text(row, "InvoiceReferenceFiscalYear") ?? throw new FormatException($"item {item.DocumentNumber}/{item.AccountingDocumentItem} refers to {invoice} without InvoiceReferenceFiscalYear"),
                S4HanaDocumentItem.Text(row, "InvoiceItemReference") ?? "0")
            : null;
        return new S4HanaPaymentItem(item, clearing, reference);
    }
}

/// <summary>A clearing: the clearing journal entry's key <c>{ClearingAccountingDocument}/{CompanyCode}/{ClearingDocFiscalYear}</c>, its date, reset or not.</summary>
public sealed record S4HanaClearing(string Document, DateOnly Date, bool Reversed);

/// <summary>An item's key within the ledger's company code, numbers without leading zeros (SAP may send <c>0100000001</c>/<c>001</c> or not).</summary>
public sealed record S4HanaItemKey(string AccountingDocument, string FiscalYear, string Item)
{
    public static S4HanaItemKey Of(string accountingDocument, string fiscalYear, string item) =>
        new(S4HanaBooks.Normalize(accountingDocument), fiscalYear.Trim(), S4HanaBooks.Normalize(item));

    /// <summary>The journal entry this item belongs to.</summary>
    public (string AccountingDocument, string FiscalYear) Entry => (AccountingDocument, FiscalYear);

    /// <summary>The journal entry number as SAP keeps it (a numeric one in ten digits with leading zeros), for a <c>$filter</c>.</summary>
    public string StoredAccountingDocument => AccountingDocument.All(char.IsAsciiDigit) && AccountingDocument.Length < 10 ? AccountingDocument.PadLeft(10, '0') : AccountingDocument;
}
