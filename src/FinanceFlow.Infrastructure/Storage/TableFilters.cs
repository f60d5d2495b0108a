using Azure.Data.Tables;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Infrastructure.Storage;

/// <summary>OData filters the stores share.</summary>
public static class TableFilters
{
    /// <summary><c>Outcome eq 'A' or Outcome eq 'B' …</c>: rows whose outcome is one of <paramref name="outcomes"/>; null for none.</summary>
    public static string? OutcomeIn(IReadOnlyCollection<ReportOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return outcomes.Count == 0 ? null : string.Join(" or ", outcomes.Select(o => TableClient.CreateQueryFilter($"Outcome eq {o.ToString()}")));
    }
}
