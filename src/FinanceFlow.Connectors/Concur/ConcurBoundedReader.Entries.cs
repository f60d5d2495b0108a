namespace FinanceFlow.Connectors.Concur;

/// <summary>Expense entries and their allocations.</summary>
internal ref partial struct ConcurBoundedReader
{
    private static readonly ConcurFieldNames EntryNames = new(
        "entryId", "legacyEntryId", "expenseTypeCode", "expenseTypeName", "entryDate", "entryDescription", "entryVendorCode",
        "entryVendorDescription", "entryLocationName", "entryCountryCode", "entryCurrAlphaCode", "entryExchangeRate",
        "entryExchangeRateDirection", "entryApprovedAmount", "reportEntryTransactionAmount", "entryIsPersonal", "entryIsBillable",
        "reportEntryPatKey", "offsetPayType", "expensePayIndicator", "clearingAccountCode", "liabilityAccountCode",
        "cardProgramTypeCode", "cardTransactionID", "cardTransactionAmount", "cardTransactionCurrency", "entryReceiptType",
        "entryReceiptId", "entryElectronicReceiptId", "allocation");

    // The four named fields, then allocationCustom1Code to allocationCustom20Code.
    private static readonly ConcurFieldNames AllocationNames = new(
        ["allocationId", "allocationPercentage", "journal", "tax", .. Enumerable.Range(1, 20).Select(n => $"allocationCustom{n}Code")]);

    private List<ConcurExpenseEntry>? Entries() => List(static (ref ConcurBoundedReader reader) => reader.Entry());

    private ConcurExpenseEntry Entry()
    {
        var text = new string?[EntryNames.Count];
        decimal? rate = null, approved = null, spent = null, card = null;
        DateTimeOffset? date = null;
        List<ConcurAllocation>? allocations = null;
        var state = Open();
        while (NextMember(EntryNames, ref state, out var field))
        {
            switch (field)
            {
                case 4: date = Timestamp(); break;
                case 11: rate = Decimal(); break;
                case 13: approved = Decimal(); break;
                case 14: spent = Decimal(); break;
                case 24: card = Decimal(); break;
                case 29: allocations = Allocations(); break;
                case >= 0: text[field] = String(); break;
                default: Skip(); break;
            }
        }

        return new ConcurExpenseEntry
        {
            EntryId = text[0],
            LegacyEntryId = text[1],
            ExpenseTypeCode = text[2],
            ExpenseTypeName = text[3],
            EntryDate = date,
            EntryDescription = text[5],
            EntryVendorCode = text[6],
            EntryVendorDescription = text[7],
            EntryLocationName = text[8],
            EntryCountryCode = text[9],
            EntryCurrAlphaCode = text[10],
            EntryExchangeRate = rate,
            EntryExchangeRateDirection = text[12],
            EntryApprovedAmount = approved,
            ReportEntryTransactionAmount = spent,
            EntryIsPersonal = text[15],
            EntryIsBillable = text[16],
            ReportEntryPatKey = text[17],
            OffsetPayType = text[18],
            ExpensePayIndicator = text[19],
            ClearingAccountCode = text[20],
            LiabilityAccountCode = text[21],
            CardProgramTypeCode = text[22],
            CardTransactionID = text[23],
            CardTransactionAmount = card,
            CardTransactionCurrency = text[25],
            EntryReceiptType = text[26],
            EntryReceiptId = text[27],
            EntryElectronicReceiptId = text[28],
            Allocation = allocations,
        };
    }

    private List<ConcurAllocation>? Allocations() => List(static (ref ConcurBoundedReader reader) => reader.Allocation());

    private ConcurAllocation Allocation()
    {
        string? id = null;
        decimal? percentage = null;
        List<ConcurJournalRow>? journal = null;
        List<ConcurTax>? taxes = null;
        var custom = new string?[20];
        var state = Open();
        while (NextMember(AllocationNames, ref state, out var field))
        {
            switch (field)
            {
                case 0: id = String(); break;
                case 1: percentage = Decimal(); break;
                case 2: journal = JournalRows(); break;
                case 3: taxes = Taxes(); break;
                case >= 4: custom[field - 4] = String(); break;
                default: Skip(); break;
            }
        }

        return new ConcurAllocation
        {
            AllocationId = id,
            AllocationPercentage = percentage,
            Journal = journal,
            Tax = taxes,
            AllocationCustom1Code = custom[0],
            AllocationCustom2Code = custom[1],
            AllocationCustom3Code = custom[2],
            AllocationCustom4Code = custom[3],
            AllocationCustom5Code = custom[4],
            AllocationCustom6Code = custom[5],
            AllocationCustom7Code = custom[6],
            AllocationCustom8Code = custom[7],
            AllocationCustom9Code = custom[8],
            AllocationCustom10Code = custom[9],
            AllocationCustom11Code = custom[10],
            AllocationCustom12Code = custom[11],
            AllocationCustom13Code = custom[12],
            AllocationCustom14Code = custom[13],
            AllocationCustom15Code = custom[14],
            AllocationCustom16Code = custom[15],
            AllocationCustom17Code = custom[16],
            AllocationCustom18Code = custom[17],
            AllocationCustom19Code = custom[18],
            AllocationCustom20Code = custom[19],
        };
    }
}
