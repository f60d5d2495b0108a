using FinanceFlow.Core.Journal;
using FinanceFlow.Workflows.Audit;

namespace FinanceFlow.Workflows.Posting;

/// <summary>Posting: the journal to post.</summary>
public sealed record PostRequest(StepContext Step, JournalEntry Entry);

/// <summary>Posting: what the ERP said.</summary>
/// <param name="AlreadyPosted">True when the ERP already held this reference and nothing was sent.</param>
public sealed record PostingOutcome(bool Accepted, string? DocumentNumber, string? Reason, bool AlreadyPosted);
