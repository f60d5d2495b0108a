namespace FinanceFlow.Connectors.Expensify;

/// <summary>One report as <c>Templates/financeflow-export.ftl</c> exports it: Expensify's values as printed, not yet interpreted.</summary>
/// <remarks>
/// Amounts are Expensify's integer cents as text (see <see cref="ExpensifyReportMapper"/> for signs and scale); dates are
/// Expensify's <c>yyyy-MM-dd</c> or <c>yyyy-MM-dd HH:mm:ss</c> text. Keeping the text lets the mapper name the exact field
/// it could not read, instead of the whole export failing on one bad value.
/// </remarks>
public sealed record ExpensifyReport(
    string ReportId,
    string? ReportName,
    string? PolicyId,
    string? PolicyName,
    string? Status,
    string? Currency,
    string? Total,
    string? AccountId,
    string? AccountEmail,
    string? SubmitterName,
    string? ManagerEmail,
    string? Created,
    string? Submitted,
    string? Approved,
    IReadOnlyList<ExpensifyExpense> Expenses);

/// <summary>One expense (Expensify transaction) of an exported report.</summary>
/// <param name="Amount">Original amount in <paramref name="Currency"/>, cents; positive for an expense, negative for a credit.</param>
/// <param name="ModifiedAmount">The amount as edited in Expensify, cents; empty or 0 when not edited.</param>
/// <param name="ConvertedAmount">The amount in the report currency, cents; Expensify may store it with the opposite sign.</param>
/// <param name="Reimbursable"><c>false</c> for company-card (non-reimbursable) expenses.</param>
public sealed record ExpensifyExpense(
    string? TransactionId,
    string? Merchant,
    string? ModifiedMerchant,
    string? Amount,
    string? ModifiedAmount,
    string? ConvertedAmount,
    string? Currency,
    string? CurrencyConversionRate,
    string? Created,
    string? ModifiedCreated,
    string? Category,
    string? Tag,
    string? Comment,
    string? Reimbursable,
    string? Billable,
    string? TaxAmount,
    string? TaxName,
    string? ReceiptUrl,
    string? ReceiptFilename,
    string? ReceiptType);
