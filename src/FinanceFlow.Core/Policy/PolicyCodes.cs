namespace FinanceFlow.Core.Policy;

/// <summary>The stable codes of policy and journal findings; integrations and dashboards match on these.</summary>
public static class PolicyCodes
{
    public const string UnknownCurrency = "unknown-currency";
    public const string TooManyDecimals = "too-many-decimals";
    public const string NonPositiveAmount = "non-positive-amount";
    public const string ZeroAmount = "zero-amount";
    public const string SignMismatch = "sign-mismatch";
    public const string NegativeTax = "negative-tax";
    public const string TaxExceedsGross = "tax-exceeds-gross";
    public const string NetPlusTaxMismatch = "net-plus-tax-mismatch";
    public const string LinesDoNotSum = "lines-do-not-sum";
    public const string AllocationMixed = "allocation-mixed";
    public const string NonPositiveAllocation = "non-positive-allocation";
    public const string AllocationPercentTotal = "allocation-percent-total";
    public const string AllocationAmountTotal = "allocation-amount-total";
    public const string NoApproval = "no-approval";
    public const string ApproverIsSubmitter = "approver-is-submitter";
    public const string ApproverIsEmployee = "approver-is-employee";
    public const string FutureDate = "future-date";
    public const string ReceiptRequired = "receipt-required";
    public const string AmountOverLimit = "amount-over-limit";
    public const string DuplicateLineId = "duplicate-line-id";
    public const string AttachmentLineUnknown = "attachment-line-unknown";

    /// <summary>
    /// Policy findings a person may override (<see cref="Model.Finding.Overridable"/>): a missing receipt and an amount over the limit.
    /// Every other code is a data error or a broken control (a self-approved report needs a real approval at its source) that only a
    /// corrected report fixes.
    /// </summary>
    public static IReadOnlySet<string> Overridable { get; } = new HashSet<string>(StringComparer.Ordinal) { ReceiptRequired, AmountOverLimit };

    public const string JournalUnbalanced = "journal-unbalanced";
    public const string JournalTooFewLines = "journal-too-few-lines";
    public const string JournalLineSides = "journal-line-sides";
    public const string JournalNegativeAmount = "journal-negative-amount";
    public const string JournalMissingAccount = "journal-missing-account";
}
