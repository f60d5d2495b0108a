using FinanceFlow.Workflows.ReportPipeline;

namespace FinanceFlow.Workflows.Sources;

/// <summary>Tells a source system what became of its report in the way that system expects (Expensify's export label, Concur's posting confirmation).</summary>
public interface ISourceConfirmation
{
    string Source { get; }

    /// <summary>Confirms the outcome; returns what was done, for the audit row. Throws when the source could not be told.</summary>
    /// <param name="rawBlobName">The source document the run read (the orchestration input's raw payload).</param>
    Task<string> ConfirmAsync(ReportResult result, string rawBlobName, CancellationToken cancellationToken);
}
