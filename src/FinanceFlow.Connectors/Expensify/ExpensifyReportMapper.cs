using FinanceFlow.Core.Model;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Connectors.Expensify;

/// <summary>Maps an exported <see cref="ExpensifyReport"/> to the canonical <see cref="ExpenseReport"/> (source <c>expensify</c>, version 1).</summary>
/// <remarks>
/// <para>Policy → legal entity from <see cref="ExpensifyOptions.LegalEntityByPolicy"/> or <see cref="ExpensifyOptions.DefaultLegalEntity"/>;
/// employee and submitter from the submitter's email; one approval from <c>managerEmail</c> and <c>approved</c>.</para>
/// <para>Lines: category → expense type, the edited merchant/date/amount where Expensify has one, <c>reimbursable=false</c> →
/// <see cref="PaymentType.CompanyCard"/>, https receipts as attachments. Amounts: see <see cref="ExpensifyValues.CentsPerUnit"/>.
/// Signs: <c>amount</c> is positive for an expense and negative for a credit; <c>convertedAmount</c> and <c>taxAmount</c>
/// take the sign of <c>amount</c> (Expensify stores some amounts negated); <c>total</c> is compared by magnitude only.</para>
/// <para>The canonical total is the sum of the lines; a report total that differs is a warning.</para>
/// </remarks>
public sealed class ExpensifyReportMapper(IOptions<ExpensifyOptions> options)
{
    /// <summary>A field the canonical report needs is empty.</summary>
    public const string MissingField = "expensify-missing-field";

    /// <summary>A field holds something that cannot be read (not cents, not a date, unknown currency…).</summary>
    public const string InvalidValue = "expensify-invalid-value";

    /// <summary>An amount has more decimals than its currency allows.</summary>
    public const string AmountPrecision = "expensify-amount-precision";

    /// <summary>The policy maps to no legal entity.</summary>
    public const string UnknownLegalEntity = "expensify-unknown-legal-entity";

    /// <summary>The report total does not equal the sum of its expenses (warning).</summary>
    public const string TotalMismatch = "expensify-total-mismatch";

    /// <summary>A receipt URL is not https and is left out (warning).</summary>
    public const string ReceiptNotHttps = "expensify-receipt-not-https";

    private readonly ExpensifyOptions _options = options.Value;

    /// <summary>Maps one report; never throws for bad values, it reports them as findings.</summary>
    public ExpensifyMappingResult Map(ExpensifyReport report)
    {
        var findings = new List<Finding>();
        var mapped = new ExpensifyReportMapping(report, _options, findings).Build();
        return new ExpensifyMappingResult(findings.Any(f => f.Severity == FindingSeverity.Error) ? null : mapped, findings);
    }
}
