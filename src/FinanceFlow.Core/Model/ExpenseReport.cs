namespace FinanceFlow.Core.Model;

/// <summary>The canonical expense report every source is normalized into.</summary>
/// <remarks>Amounts are in <see cref="Currency"/>; each line may also carry the amount it was spent in.</remarks>
public sealed record ExpenseReport(
    string Source,
    string ReportId,
    int Version,
    string LegalEntity,
    string? Title,
    Party Employee,
    Party Submitter,
    IReadOnlyList<Approval> Approvals,
    string Currency,
    decimal TotalAmount,
    DateTimeOffset SubmittedAt,
    DateOnly? AccountingDate,
    IReadOnlyList<ExpenseLine> Lines,
    IReadOnlyList<Attachment> Attachments)
{
    /// <summary>The report's identity across versions.</summary>
    public ReportKey Key => new(Source, ReportId);
}

/// <summary>A person in the flow: employee, submitter or approver.</summary>
public sealed record Party(string Id, string Name, string? Email = null);

/// <summary>One approval step: who approved and when.</summary>
public sealed record Approval(Party Approver, DateTimeOffset ApprovedAt, string? Level = null);
