using FinanceFlow.Core.Model;

namespace FinanceFlow.Workflows.Audit;

/// <summary>Who and what a step runs for; every activity gets it so its audit row is complete.</summary>
public sealed record StepContext(string Source, string ReportId, int Version, string CorrelationId, string Actor)
{
    public ReportKey Report => new(Source, ReportId);
}
