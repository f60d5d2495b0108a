namespace FinanceFlow.Core.Model;

/// <summary>One journal of a report in one legal entity's ledger: its reference, amount, and the ERP document once posted.</summary>
/// <param name="Amount">The journal's total debit, in <paramref name="Currency"/> (the entity's functional currency).</param>
/// <param name="Reason">Why it is not posted; null when it is.</param>
/// <param name="MappingVersions">The mapping rules the journal was coded with, e.g. <c>expense-types DE01 Hotel v1</c>; null when not enriched.</param>
/// <param name="FiscalYear">The fiscal year the ERP booked it in, where the ERP says.</param>
/// <param name="PostingDate">The posting date the ERP confirmed, where it says.</param>
/// <param name="Link">Where a person opens the document in the ERP, where the ERP has such an address.</param>
/// <param name="Warnings">What went wrong after the posting without undoing it (e.g. a receipt the ERP did not take).</param>
public sealed record ErpDocument(
    string Entity,
    string? Ledger,
    string Currency,
    decimal Amount,
    string Reference,
    string? DocumentNumber,
    string? Reason = null,
    IReadOnlyList<string>? MappingVersions = null,
    string? FiscalYear = null,
    DateOnly? PostingDate = null,
    string? Link = null,
    IReadOnlyList<string>? Warnings = null);
