using FinanceFlow.Core.Journal;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Enrichment;

/// <summary>
/// The part of a report one legal entity books, enriched from master data and mappings: its lines (ERP tax codes and
/// cost objects filled in, still in the report currency), the accounts of each line and role, and the rate each line
/// converts into the entity's functional currency with.
/// </summary>
/// <param name="Lines">One entry per line of <paramref name="Report"/>, in the same order.</param>
/// <param name="RoleAccounts">Accounts of the report-level roles (payables, input tax, rounding), placeholders filled in.</param>
/// <param name="OriginalAccountingDate">The report's accounting date when a closed period moved the posting; null otherwise.</param>
/// <param name="MappingVersions">Every mapping rule applied, cited as <c>expense-types DE01 Parking v3</c>.</param>
public sealed record EntityBatch(
    string Entity,
    string Ledger,
    string FunctionalCurrency,
    PostingObject? PostingObject,
    string EmployeeErpId,
    ExpenseReport Report,
    IReadOnlyList<LineEnrichment> Lines,
    IReadOnlyDictionary<AccountRole, string> RoleAccounts,
    DateOnly AccountingDate,
    DateOnly? OriginalAccountingDate,
    IReadOnlyList<string> MappingVersions)
{
    /// <summary>True when the report currency is not the functional currency, so every amount is converted.</summary>
    public bool Converts => !string.Equals(Report.Currency, FunctionalCurrency, StringComparison.Ordinal);
}

/// <summary>What enrichment decided for one line.</summary>
/// <param name="InputTaxAccount">The tax code's own input-tax account; null uses the entity's <c>InputTax</c> role.</param>
/// <param name="Fx">The rate into the functional currency; null when the line is not converted.</param>
public sealed record LineEnrichment(string ExpenseAccount, string? InputTaxAccount, LineRate? Fx);

/// <summary>A line's rate: 1 report-currency unit = <paramref name="Rate"/> functional-currency units.</summary>
public sealed record LineRate(decimal Rate, DateOnly RateDate, string RateSource);

/// <summary>The outcome of enrichment: one batch per entity when nothing is missing, else the findings that say what to fix.</summary>
public sealed record EnrichmentResult(IReadOnlyList<EntityBatch> Batches, IReadOnlyList<Finding> Findings)
{
    public bool Succeeded => Batches.Count > 0 && !Findings.Any(f => f.Severity == FindingSeverity.Error);
}
