using FinanceFlow.Core.Model;

namespace FinanceFlow.Connectors.Expensify;

/// <summary>A canonical report mapped from Expensify, or the reasons it could not be.</summary>
/// <param name="Report">Null when any finding is an error, so a half-mapped report can never be posted.</param>
/// <param name="Findings">Errors and warnings; <see cref="Finding.Path"/> points into the exported Expensify report (e.g. <c>/expenses/1/category</c>).</param>
public sealed record ExpensifyMappingResult(ExpenseReport? Report, IReadOnlyList<Finding> Findings)
{
    /// <summary>True when a report was mapped and no finding is an error.</summary>
    public bool IsValid => Report is not null && Findings.All(f => f.Severity != FindingSeverity.Error);
}
