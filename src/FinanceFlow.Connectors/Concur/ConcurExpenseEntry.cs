namespace FinanceFlow.Connectors.Concur;

/// <summary>One expense entry (an itemization is an entry of its own); amounts are in the report currency unless named transaction/card.</summary>
public sealed record ConcurExpenseEntry
{
    public string? EntryId { get; init; }

    public string? LegacyEntryId { get; init; }

    public string? ExpenseTypeCode { get; init; }

    public string? ExpenseTypeName { get; init; }

    public DateTimeOffset? EntryDate { get; init; }

    public string? EntryDescription { get; init; }

    public string? EntryVendorCode { get; init; }

    public string? EntryVendorDescription { get; init; }

    public string? EntryLocationName { get; init; }

    public string? EntryCountryCode { get; init; }

    /// <summary>Spend currency.</summary>
    public string? EntryCurrAlphaCode { get; init; }

    /// <summary>Spend → report currency rate, applied as <see cref="EntryExchangeRateDirection"/> says.</summary>
    public decimal? EntryExchangeRate { get; init; }

    /// <summary>M (multiply) or D (divide).</summary>
    public string? EntryExchangeRateDirection { get; init; }

    /// <summary>Approved amount in the report (reimbursement) currency.</summary>
    public decimal? EntryApprovedAmount { get; init; }

    /// <summary>Amount in the spend currency.</summary>
    public decimal? ReportEntryTransactionAmount { get; init; }

    public string? EntryIsPersonal { get; init; }

    public string? EntryIsBillable { get; init; }

    /// <summary>Payment type key: CASH, IBCP, CBCP, COPD or a card program key.</summary>
    public string? ReportEntryPatKey { get; init; }

    public string? OffsetPayType { get; init; }

    public string? ExpensePayIndicator { get; init; }

    public string? ClearingAccountCode { get; init; }

    public string? LiabilityAccountCode { get; init; }

    public string? CardProgramTypeCode { get; init; }

    public string? CardTransactionID { get; init; }

    public decimal? CardTransactionAmount { get; init; }

    public string? CardTransactionCurrency { get; init; }

    public string? EntryReceiptType { get; init; }

    public string? EntryReceiptId { get; init; }

    public string? EntryElectronicReceiptId { get; init; }

    public IReadOnlyList<ConcurAllocation>? Allocation { get; init; }
}

/// <summary>The document's own journal row: who pays whom, on which account, gross / net of tax / net of reclaim.</summary>
public sealed record ConcurJournalRow
{
    public string? JournalPayer { get; init; }

    public string? JournalPayee { get; init; }

    public string? JournalAccountCode { get; init; }

    /// <summary>Signed: a credit (refund, rebate) is negative.</summary>
    public decimal? AmountGross { get; init; }

    public decimal? AmountGrossCard { get; init; }

    public decimal? AmountNetOfTax { get; init; }

    public decimal? AmountNetOfReclaim { get; init; }

    public string? CardTransactionReferenceNumber { get; init; }

    public string? AccountingTransactionType { get; init; }

    /// <summary>The tax items of the allocation that belong to this row.</summary>
    public IReadOnlyList<string>? TaxGuid { get; init; }
}

/// <summary>One tax item (VAT, GST, PST…) of an allocation.</summary>
public sealed record ConcurTax
{
    public string? TaxGuid { get; init; }

    public string? TaxCode { get; init; }

    public string? TaxAuthorityLabel { get; init; }

    public string? TaxReclaimCode { get; init; }

    public string? NonDomesticCode { get; init; }

    public string? LocationCountryCode { get; init; }

    public decimal? AmountTax { get; init; }

    /// <summary>The reclaimable (deductible) part of <see cref="AmountTax"/>.</summary>
    public decimal? AmountReclaim { get; init; }
}

/// <summary>A cash advance applied to the report.</summary>
public sealed record ConcurCashAdvanceApplication
{
    public string? CashAdvanceId { get; init; }

    /// <summary>Signed as in the document: an application is negative (it reduces what the employee is paid).</summary>
    public decimal? CashAdvanceApplicationAmount { get; init; }

    public string? CashAdvanceClearingAccountCode { get; init; }

    public string? CashAdvanceTransactionType { get; init; }
}
