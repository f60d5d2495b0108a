using FinanceFlow.Core.Reconciliation;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Workflows.Reconciliation;

/// <summary>
/// One platform's side of the three-way reconciliation: the documents it approved for posting that a nightly run compares with
/// FinanceFlow's records, and the way to send those that never reached FinanceFlow through the normal intake again. Registered
/// (as <c>IEnumerable&lt;IApprovedDocuments&gt;</c>) only for platforms that are configured.
/// </summary>
public interface IApprovedDocuments
{
    /// <summary>The source name FinanceFlow's status rows carry (<c>concur</c>, <c>expensify</c>, <c>canonical</c>).</summary>
    string Source { get; }

    /// <summary>
    /// The documents the platform approved for posting in <paramref name="window"/> (as far as the platform can say: Concur lists
    /// the documents it still offers, Expensify the approved reports not yet labelled exported), each with the report id FinanceFlow
    /// keys its status row by.
    /// </summary>
    /// <exception cref="SourceUnreadableException">The platform could not be read; the run reports it and goes on.</exception>
    Task<IReadOnlyList<ApprovedDocument>> ListAsync(LedgerWindow window, CancellationToken cancellationToken);

    /// <summary>
    /// Sends <paramref name="documents"/> (missing in FinanceFlow) through the same intake an event or a pull takes (raw payload kept,
    /// one durable run per report version, idempotent). Returns one line per document saying what happened, for the run's report.
    /// </summary>
    Task<IReadOnlyList<string>> RedriveAsync(IReadOnlyList<ApprovedDocument> documents, DurableTaskClient client, CancellationToken cancellationToken);
}

/// <summary>A platform could not be read for the reconciliation (down, refused, misconfigured).</summary>
public sealed class SourceUnreadableException : Exception
{
    public SourceUnreadableException()
    {
    }

    public SourceUnreadableException(string message)
        : base(message)
    {
    }

    public SourceUnreadableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
