using System.Text.Json;

namespace FinanceFlow.Connectors.S4Hana;

/// <summary>An item of one of our journal entries that a payment (or another clearing) cleared, as the payment read sees it.</summary>
/// <param name="ClearingDocument">The clearing journal entry's key, <c>{ClearingAccountingDocument}/{CompanyCode}/{ClearingDocFiscalYear}</c>.</param>
/// <param name="ClearingReversed">ClearingIsReversed: the clearing was reset, so the item is open again.</param>
public sealed record S4HanaClearedItem(S4HanaDocumentItem Item, string ClearingDocument, DateOnly ClearingDate, bool ClearingReversed)
{
    /// <summary>The item's fields and its clearing's.</summary>
    public const string Select = S4HanaDocumentItem.Select + ",ClearingAccountingDocument,ClearingDocFiscalYear,ClearingDate,ClearingIsReversed";

    public static S4HanaClearedItem Read(JsonElement row)
    {
        var item = S4HanaDocumentItem.Read(row);
        var document = S4HanaDocumentItem.Text(row, "ClearingAccountingDocument") ?? throw new FormatException($"cleared item {item.DocumentNumber}/{item.AccountingDocumentItem} without ClearingAccountingDocument");
        var year = S4HanaDocumentItem.Text(row, "ClearingDocFiscalYear") ?? item.FiscalYear;
        return new S4HanaClearedItem(
            item, S4HanaDocumentNumber.Format(document, item.CompanyCode, year), S4HanaDocumentItem.Date(row, "ClearingDate"), S4HanaDocumentItem.Flag(row, "ClearingIsReversed"));
    }
}
