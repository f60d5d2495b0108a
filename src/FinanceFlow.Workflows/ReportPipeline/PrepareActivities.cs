using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Model;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.CashAdvances;
using FinanceFlow.Workflows.Posting;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>
/// Normalize → Enrich → (cash advances) → Policy → Store attachments → Match card transactions → Build journal → first posting
/// attempt, as one activity. None of the steps before the posting needs a retry of its own (each is pure or idempotent: the same
/// receipt blob, the same claim), so running them together costs the engine one round trip instead of eight, and their audit rows
/// go in one transaction; each step still leaves its own row. The posting's first attempt goes along because it is as idempotent
/// as any (the posting log claims the reference, fenced): when it does not settle (the ERP away, the posting held by another
/// worker, storage away), the orchestration posts that entry with its durable retries and waits, as it did before.
/// It stops where the orchestration would: at a report that cannot be read, master data missing, an advance not issued, and before
/// anything is written for a report with an error finding (a person may let it through; the orchestration then runs the remaining
/// steps as their own activities).
/// </summary>
public sealed class PrepareActivities(
    ReportActivities reports,
    EnrichmentActivities enrichment,
    CashAdvanceActivities advances,
    AttachmentActivities attachments,
    CardMatchActivities cards,
    JournalActivities journals,
    ErpActivities erp,
    OutcomeActivities outcomes,
    StepAudit audit) : IPrepareSteps
{
    public Task<PreparedReport> PrepareReport(PrepareRequest request, CancellationToken cancellationToken) =>
        audit.InOneAppendAsync(() => PrepareFlow.RunAsync(this, request, cancellationToken), cancellationToken);

    public Task<NormalizeResult> NormalizeAsync(NormalizeRequest request, CancellationToken cancellationToken) => reports.NormalizeReport(request, cancellationToken);

    public Task<EnrichResult> EnrichAsync(EnrichRequest request, CancellationToken cancellationToken) => enrichment.EnrichReport(request, cancellationToken);

    public Task<IReadOnlyList<Finding>> CheckAdvancesAsync(CashAdvanceCheckRequest request, CancellationToken cancellationToken) => advances.CheckAdvancesIssued(request, cancellationToken);

    public Task<IReadOnlyList<Finding>> CheckPolicyAsync(PolicyRequest request, CancellationToken cancellationToken) => reports.CheckPolicy(request, cancellationToken);

    public Task<AttachmentsResult> StoreAttachmentsAsync(AttachmentsRequest request, CancellationToken cancellationToken) => attachments.StoreAttachments(request, cancellationToken);

    public Task<CardMatchResult> MatchCardsAsync(CardMatchRequest request, CancellationToken cancellationToken) => cards.MatchCardTransactions(request, cancellationToken);

    public Task<JournalResult> BuildJournalAsync(JournalRequest request, CancellationToken cancellationToken) => journals.BuildJournal(request, cancellationToken);

    public Task<PostingOutcome> PostAsync(PostRequest request, CancellationToken cancellationToken) => erp.PostToErp(request, cancellationToken);

    public Task<FinishResult> FinishAsync(OutcomeRequest request, CancellationToken cancellationToken) => outcomes.FinishReport(request, cancellationToken);
}
