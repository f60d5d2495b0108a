using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Workflows.Audit;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>Normalize: the raw payload to read.</summary>
public sealed record NormalizeRequest(StepContext Step, string RawBlobName);

/// <summary>Normalize: the canonical report, or why there is none.</summary>
/// <param name="SourceJournal">The journal the source's own accounting data decides (Concur); null when the canonical posting rules apply.</param>
public sealed record NormalizeResult(ExpenseReport? Report, IReadOnlyList<Finding> Findings, JournalEntry? SourceJournal = null);

/// <summary>Enrich: the normalized report, and the journal the source's own journal data decided (Concur) when it has one.</summary>
public sealed record EnrichRequest(StepContext Step, ExpenseReport Report, JournalEntry? SourceJournal = null);

/// <summary>Enrich: one batch per legal entity, or findings naming what master data or mapping is missing.</summary>
/// <param name="Governed">False when enrichment is off: the configured account map codes the report.</param>
/// <param name="SourceJournal">The source's journal checked against master data, routed to its entity's ledger, moved out of a closed period or converted.</param>
public sealed record EnrichResult(IReadOnlyList<Core.Enrichment.EntityBatch> Batches, IReadOnlyList<Finding> Findings, bool Governed, JournalEntry? SourceJournal = null);

/// <summary>Policy: the report and the orchestration's today.</summary>
/// <param name="SourceJournal">The source's own journal decides the accounting (see <c>PolicyEngine.Evaluate</c>).</param>
public sealed record PolicyRequest(StepContext Step, ExpenseReport Report, DateOnly Today, bool SourceJournal = false);

/// <summary>Attachments: the report and where inline content can be read.</summary>
public sealed record AttachmentsRequest(StepContext Step, ExpenseReport Report, string RawBlobName);

/// <summary>Attachments: the stored receipts, or findings when one was refused.</summary>
public sealed record AttachmentsResult(IReadOnlyList<Attachment> Attachments, IReadOnlyList<Finding> Findings);

/// <summary>Journal: the report with its stored receipts, the source's own journal when it has one, and the enriched batches when governed.</summary>
/// <param name="ClearedCardTransactions">Card transactions in the ledger that this report's company-card lines clear (credit CardClearing).</param>
public sealed record JournalRequest(
    StepContext Step, ExpenseReport Report, JournalEntry? SourceJournal = null, IReadOnlyList<Core.Enrichment.EntityBatch>? Batches = null, IReadOnlyList<string>? ClearedCardTransactions = null);

/// <summary>Journal: the entries to post (one per legal entity), or findings when the rules could not build valid ones.</summary>
public sealed record JournalResult(IReadOnlyList<JournalEntry> Entries, IReadOnlyList<Finding> Findings);

/// <summary>Fan-out: the final result to record and announce.</summary>
/// <param name="RawBlobName">The run's source document (the orchestration input's), for confirmations that answer with its ids (Concur).</param>
public sealed record OutcomeRequest(StepContext Step, ReportResult Result, DateTimeOffset ReceivedAt, string RawBlobName);

/// <summary>Finish: whether the source was told (false: the run sends it again, on its own).</summary>
public sealed record FinishResult(bool Notified);

/// <summary>Exception: the report waits on its overridable findings; the row shows it <c>AwaitingResolution</c> with <paramref name="Exception"/>.</summary>
public sealed record OpenExceptionRequest(StepContext Step, ReportResult Result, OpenException Exception, DateTimeOffset ReceivedAt, string RawBlobName);

/// <summary>Exception: what became of it, for the audit trail (<paramref name="Resolution"/> null: the deadline passed; <paramref name="Reminder"/>: the reminder went out).</summary>
public sealed record ExceptionStepRequest(StepContext Step, OpenException Exception, ExceptionResolution? Resolution, bool Reminder = false);
