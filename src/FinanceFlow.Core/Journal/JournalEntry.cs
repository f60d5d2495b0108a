using FinanceFlow.Core.MasterData;

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

    /// <summary>Differences from converting into the functional currency, so the journal balances there.</summary>
    Rounding,
}

/// <summary>A balanced double-entry journal ready for an ERP.</summary>
/// <param name="ExternalReference">Our idempotency key at the ERP: one posting per reference, ever.</param>
/// <param name="Ledger">The ERP ledger the entity posts to; null for the single configured ledger.</param>
/// <param name="OriginalAccountingDate">The report's own accounting date when a closed period moved the posting; null otherwise.</param>
/// <param name="MappingVersions">The mapping rules applied, e.g. <c>expense-types DE01 Parking v3</c>.</param>
/// <param name="PreviousReference">
/// The reference this journal had before references were made unambiguous (issue 11), when it differs: a journal posted under it
/// keeps it, so an upgrade never posts a journal a second time under its new reference.
/// </param>
/// <param name="Employee">
/// The employee id the journal books for, as the report carries it (<c>ExpenseReport.Employee.Id</c>); null when it books for several
/// (a card batch). A connector may write it as a marker the reconciliation reads back; it is not part of the books (nor of their hash).
/// </param>
/// <param name="PostingObject">
/// What the entity books the journal as (<c>LegalEntity.PostingObject</c>); null when the journal does not say (card and platform
/// journals), and the ledger's own setting decides. A ledger that keeps journal entries only posts one and warns. Not part of the books.
/// </param>
/// <param name="EmployeeErpId">
/// The employee's vendor (or employee) id in the ERP entity (<c>Employee.ErpId</c>): the vendor a vendor bill is made out to; null when
/// the journal books for no single employee. Not part of the books.
/// </param>
public sealed record JournalEntry(
    string ExternalReference,
    string LegalEntity,
    DateOnly AccountingDate,
    string Currency,
    string Description,
    IReadOnlyList<JournalLine> Lines,
    string? Ledger = null,
    DateOnly? OriginalAccountingDate = null,
    IReadOnlyList<string>? MappingVersions = null,
    string? PreviousReference = null,
    string? Employee = null,
    PostingObject? PostingObject = null,
    string? EmployeeErpId = null)
{
    public decimal TotalDebit => Lines.Sum(l => l.Debit);

    public decimal TotalCredit => Lines.Sum(l => l.Credit);

    public bool IsBalanced => Lines.Count >= 2 && TotalDebit == TotalCredit;

    /// <summary>True when the journal's entity books vendor bills.</summary>
    public bool AsksForVendorBill => PostingObject == MasterData.PostingObject.VendorBill;
}

/// <summary>One side of a journal: exactly one of debit or credit is non-zero.</summary>
/// <param name="Fx">How the amount was converted into the journal currency; null when it was not.</param>
public sealed record JournalLine(
    AccountRole Role,
    string Account,
    decimal Debit,
    decimal Credit,
    string? CostCenter = null,
    string? Project = null,
    string? Memo = null,
    FxConversion? Fx = null);

/// <summary>The conversion behind a journal line: <see cref="Amount"/> <see cref="From"/> × <see cref="Rate"/>, rate of <see cref="RateDate"/> from <see cref="RateSource"/>.</summary>
public sealed record FxConversion(string From, decimal Amount, decimal Rate, DateOnly RateDate, string RateSource);
