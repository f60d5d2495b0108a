namespace FinanceFlow.Core.Model;

/// <summary>How a line was paid, which decides the account it is owed to.</summary>
public enum PaymentType
{
    OutOfPocket,
    CompanyCard,
}

/// <summary>One expense line, in the report currency.</summary>
/// <param name="GrossAmount">What was spent, tax included.</param>
/// <param name="TaxAmount">The tax inside <paramref name="GrossAmount"/>.</param>
/// <param name="NetAmount">Gross less tax.</param>
/// <param name="TaxDeductiblePercent">Share of the tax that may be reclaimed as input tax (0–100).</param>
/// <param name="LegalEntity">The company code the line is booked in when not the report's; null for the report's.</param>
/// <param name="CardTransactionId">Company-card lines: the card-feed transaction the line settles; null when not named.</param>
/// <param name="ReceiptAtSource">
/// The source platform holds the line's receipt (Concur: its receipt image id, or the receipt type it audited); the receipt policy
/// counts it as the line's receipt. Null when the platform says nothing or has none.
/// </param>
public sealed record ExpenseLine(
    string LineId,
    string ExpenseType,
    DateOnly TransactionDate,
    string? Merchant,
    PaymentType PaymentType,
    decimal GrossAmount,
    decimal TaxAmount,
    decimal NetAmount,
    string? TaxCode,
    decimal TaxDeductiblePercent,
    string? Description,
    ForeignAmount? Original,
    IReadOnlyList<Allocation> Allocations,
    string? LegalEntity = null,
    string? CardTransactionId = null,
    string? ReceiptAtSource = null);

/// <summary>The amount in the currency it was spent in, with the rate to the report currency.</summary>
public sealed record ForeignAmount(decimal Amount, string Currency, decimal ExchangeRate);

/// <summary>A share of a line charged to a cost center and/or project, by percent or by amount.</summary>
public sealed record Allocation(string? CostCenter, string? Project, decimal? Percent, decimal? Amount);
