using FinanceFlow.Workflows.Orchestrations;

namespace FinanceFlow.Workflows.Sources;

/// <summary>Tells a source system what became of its report in the way that system expects (Expensify's export label, Concur's posting confirmation).</summary>
public interface ISourceConfirmation
{
    string Source { get; }

    /// <summary>Confirms the outcome; returns what was done, for the audit row. Throws when the source could not be told.</summary>
    Task<string> ConfirmAsync(ReportResult result, CancellationToken cancellationToken);
}
