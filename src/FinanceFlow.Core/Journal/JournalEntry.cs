namespace FinanceFlow.Core.Journal;

/// <summary>The closed list of roles a journal line can play; accounts are resolved per role.</summary>
public enum AccountRole
{
    Expense,
    InputTax,
    EmployeePayable,
    CardPayable,
    CardClearing,
    CashAdvanceClearing,
}

/// <summary>A balanced double-entry journal ready for an ERP.</summary>
/// <param name="ExternalReference">Our idempotency key at the ERP: one posting per reference, ever.</param>
public sealed record JournalEntry(
    string ExternalReference,
    string LegalEntity,
    DateOnly AccountingDate,
    string Currency,
    string Description,
    IReadOnlyList<JournalLine> Lines)
{
    public decimal TotalDebit => Lines.Sum(l => l.Debit);

    public decimal TotalCredit => Lines.Sum(l => l.Credit);

    public bool IsBalanced => Lines.Count >= 2 && TotalDebit == TotalCredit;
}

/// <summary>One side of a journal: exactly one of debit or credit is non-zero.</summary>
public sealed record JournalLine(
    AccountRole Role,
    string Account,
    decimal Debit,
    decimal Credit,
    string? CostCenter = null,
    string? Project = null,
    string? Memo = null);
