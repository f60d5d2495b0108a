namespace FinanceFlow.Connectors.Concur;

/// <summary>An allocation's journal rows and taxes, and the cash advances applied to a report.</summary>
internal ref partial struct ConcurBoundedReader
{
    private static readonly ConcurFieldNames JournalNames = new(
        "journalPayer", "journalPayee", "journalAccountCode", "amountGross", "amountGrossCard", "amountNetOfTax", "amountNetOfReclaim",
        "cardTransactionReferenceNumber", "accountingTransactionType", "taxGuid");

    private static readonly ConcurFieldNames TaxNames = new(
        "taxGuid", "taxCode", "taxAuthorityLabel", "taxReclaimCode", "nonDomesticCode", "locationCountryCode", "amountTax", "amountReclaim");

    private static readonly ConcurFieldNames ApplicationNames = new(
        "cashAdvanceId", "cashAdvanceApplicationAmount", "cashAdvanceClearingAccountCode", "cashAdvanceTransactionType");

    private List<ConcurJournalRow>? JournalRows() => List(static (ref ConcurBoundedReader reader) => reader.JournalRow());

    private ConcurJournalRow JournalRow()
    {
        var text = new string?[JournalNames.Count];
        decimal? gross = null, grossCard = null, netOfTax = null, netOfReclaim = null;
        List<string>? taxGuids = null;
        var state = Open();
        while (NextMember(JournalNames, ref state, out var field))
        {
            switch (field)
            {
                case 3: gross = Decimal(); break;
                case 4: grossCard = Decimal(); break;
                case 5: netOfTax = Decimal(); break;
                case 6: netOfReclaim = Decimal(); break;
                case 9: taxGuids = Strings(); break;
                case >= 0: text[field] = String(); break;
                default: Skip(); break;
            }
        }

        return new ConcurJournalRow
        {
            JournalPayer = text[0],
            JournalPayee = text[1],
            JournalAccountCode = text[2],
            AmountGross = gross,
            AmountGrossCard = grossCard,
            AmountNetOfTax = netOfTax,
            AmountNetOfReclaim = netOfReclaim,
            CardTransactionReferenceNumber = text[7],
            AccountingTransactionType = text[8],
            TaxGuid = taxGuids,
        };
    }

    private List<ConcurTax>? Taxes() => List(static (ref ConcurBoundedReader reader) => reader.Tax());

    private ConcurTax Tax()
    {
        var text = new string?[TaxNames.Count];
        decimal? tax = null, reclaim = null;
        var state = Open();
        while (NextMember(TaxNames, ref state, out var field))
        {
            switch (field)
            {
                case 6: tax = Decimal(); break;
                case 7: reclaim = Decimal(); break;
                case >= 0: text[field] = String(); break;
                default: Skip(); break;
            }
        }

        return new ConcurTax
        {
            TaxGuid = text[0],
            TaxCode = text[1],
            TaxAuthorityLabel = text[2],
            TaxReclaimCode = text[3],
            NonDomesticCode = text[4],
            LocationCountryCode = text[5],
            AmountTax = tax,
            AmountReclaim = reclaim,
        };
    }

    private List<ConcurCashAdvanceApplication>? Applications() => List(static (ref ConcurBoundedReader reader) => reader.Application());

    private ConcurCashAdvanceApplication Application()
    {
        var text = new string?[ApplicationNames.Count];
        decimal? amount = null;
        var state = Open();
        while (NextMember(ApplicationNames, ref state, out var field))
        {
            switch (field)
            {
                case 1: amount = Decimal(); break;
                case >= 0: text[field] = String(); break;
                default: Skip(); break;
            }
        }

        return new ConcurCashAdvanceApplication
        {
            CashAdvanceId = text[0],
            CashAdvanceApplicationAmount = amount,
            CashAdvanceClearingAccountCode = text[2],
            CashAdvanceTransactionType = text[3],
        };
    }
}
