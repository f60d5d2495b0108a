using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Model;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Posting;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>Prepare: the raw payload to read, the orchestration's today (for the policy's date checks) and when the report came in (for its status row).</summary>
public sealed record PrepareRequest(StepContext Step, string RawBlobName, DateOnly Today, DateTimeOffset ReceivedAt);

/// <summary>Prepare finished the report itself: its result, recorded (status row, source told, closing audit row).</summary>
/// <param name="Notified">False: telling the source failed (audited); the orchestration tells it again with its retries.</param>
public sealed record FinishedReport(ReportResult Result, bool Notified);

/// <summary>
/// Prepare: what each step it ran found, in pipeline order. A step it did not run is null: the run stopped before it (the report is
/// rejected or waits), or an error finding held back the steps that write (receipts stored, card transactions claimed), which the
/// orchestration then runs one by one once a person let the report through.
/// </summary>
/// <param name="Advances">The cash-advance check's findings; null when the report applies no advance.</param>
/// <param name="Posted">
/// Per journal entry, in order, what its first posting attempt answered; null for an entry whose attempt failed (the ERP away, the
/// posting held, storage away), which the orchestration posts with its durable retries. Null when nothing was posted.
/// </param>
/// <param name="Finished">
/// Set when every posting settled and nothing else is left before the outcome (no receipts for the ERP, no card transactions to
/// confirm): the step recorded the outcome too, so the run only announces it to the status targets.
/// </param>
public sealed record PreparedReport(
    NormalizeResult Normalized,
    EnrichResult? Enriched = null,
    IReadOnlyList<Finding>? Advances = null,
    IReadOnlyList<Finding>? Policy = null,
    AttachmentsResult? Stored = null,
    CardMatchResult? Cards = null,
    JournalResult? Journal = null,
    IReadOnlyList<PostingOutcome?>? Posted = null,
    FinishedReport? Finished = null);
