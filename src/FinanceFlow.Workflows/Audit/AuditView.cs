using FinanceFlow.Infrastructure.Audit;

namespace FinanceFlow.Workflows.Audit;

/// <summary>One audit row as finance ops read it in a report's or a card batch's view.</summary>
/// <param name="Sequence">The row's place in the report's hash chain and <paramref name="Hash"/> its chain hash; null for a row written before the chain.</param>
public sealed record AuditView(DateTimeOffset At, int Version, string Step, string Outcome, string Actor, string CorrelationId, string InputSha256, string? Detail, long? Sequence, string? Hash)
{
    public static AuditView From(AuditRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.At, row.Version, row.Step, row.Outcome, row.Actor, row.CorrelationId, row.InputSha256, row.Detail, row.Sequence, row.Hash);
    }
}
