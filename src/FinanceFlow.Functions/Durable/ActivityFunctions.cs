using FinanceFlow.Core.Model;
using FinanceFlow.Workflows.Posting;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.Azure.Functions.Worker;

namespace FinanceFlow.Functions.Durable;

/// <summary>Activity triggers: thin wrappers over the activity classes both hosts share.</summary>
public sealed class ActivityFunctions(
    PrepareActivities prepare,
    ReportActivities reports,
    EnrichmentActivities enrichment,
    AttachmentActivities attachments,
    JournalActivities journals,
    ErpActivities erp,
    OutcomeActivities statuses,
    StatusFanOutActivities statusFanOut)
{
    [Function(nameof(PrepareActivities.PrepareReport))]
    public Task<PreparedReport> PrepareReport([ActivityTrigger] PrepareRequest request, CancellationToken cancellationToken) =>
        prepare.PrepareReport(request, cancellationToken);

    [Function(nameof(ReportActivities.NormalizeReport))]
    public Task<NormalizeResult> NormalizeReport([ActivityTrigger] NormalizeRequest request, CancellationToken cancellationToken) =>
        reports.NormalizeReport(request, cancellationToken);

    [Function(nameof(EnrichmentActivities.EnrichReport))]
    public Task<EnrichResult> EnrichReport([ActivityTrigger] EnrichRequest request, CancellationToken cancellationToken) =>
        enrichment.EnrichReport(request, cancellationToken);

    [Function(nameof(ReportActivities.CheckPolicy))]
    public Task<IReadOnlyList<Finding>> CheckPolicy([ActivityTrigger] PolicyRequest request, CancellationToken cancellationToken) =>
        reports.CheckPolicy(request, cancellationToken);

    [Function(nameof(AttachmentActivities.StoreAttachments))]
    public Task<AttachmentsResult> StoreAttachments([ActivityTrigger] AttachmentsRequest request, CancellationToken cancellationToken) =>
        attachments.StoreAttachments(request, cancellationToken);

    [Function(nameof(JournalActivities.BuildJournal))]
    public Task<JournalResult> BuildJournal([ActivityTrigger] JournalRequest request, CancellationToken cancellationToken) =>
        journals.BuildJournal(request, cancellationToken);

    [Function(nameof(ErpActivities.PostToErp))]
    public Task<PostingOutcome> PostToErp([ActivityTrigger] PostRequest request, CancellationToken cancellationToken) =>
        erp.PostToErp(request, cancellationToken);

    [Function(nameof(ErpActivities.AttachReceipts))]
    public Task<AttachReceiptsResult> AttachReceipts([ActivityTrigger] AttachReceiptsRequest request, CancellationToken cancellationToken) =>
        erp.AttachReceipts(request, cancellationToken);

    [Function(nameof(ErpActivities.RecordReceiptsNotAttached))]
    public Task<bool> RecordReceiptsNotAttached([ActivityTrigger] ReceiptsNotAttachedRequest request, CancellationToken cancellationToken) =>
        erp.RecordReceiptsNotAttached(request, cancellationToken);

    [Function(nameof(OutcomeActivities.FinishReport))]
    public Task<FinishResult> FinishReport([ActivityTrigger] OutcomeRequest request, CancellationToken cancellationToken) =>
        statuses.FinishReport(request, cancellationToken);

    [Function(nameof(OutcomeActivities.RecordStatus))]
    public Task<bool> RecordStatus([ActivityTrigger] OutcomeRequest request, CancellationToken cancellationToken) =>
        statuses.RecordStatus(request, cancellationToken);

    [Function(nameof(OutcomeActivities.NotifySource))]
    public Task<string> NotifySource([ActivityTrigger] OutcomeRequest request, CancellationToken cancellationToken) =>
        statuses.NotifySource(request, cancellationToken);

    [Function(nameof(OutcomeActivities.RecordOutcome))]
    public Task<bool> RecordOutcome([ActivityTrigger] OutcomeRequest request, CancellationToken cancellationToken) =>
        statuses.RecordOutcome(request, cancellationToken);

    [Function(nameof(OutcomeActivities.OpenException))]
    public Task<bool> OpenException([ActivityTrigger] OpenExceptionRequest request, CancellationToken cancellationToken) =>
        statuses.OpenException(request, cancellationToken);

    [Function(nameof(OutcomeActivities.RecordExceptionStep))]
    public Task<bool> RecordExceptionStep([ActivityTrigger] ExceptionStepRequest request, CancellationToken cancellationToken) =>
        statuses.RecordExceptionStep(request, cancellationToken);

    [Function(nameof(StatusFanOutActivities.PublishStatus))]
    public Task<string> PublishStatus([ActivityTrigger] PublishStatusRequest request, CancellationToken cancellationToken) =>
        statusFanOut.PublishStatus(request, cancellationToken);

    [Function(nameof(StatusFanOutActivities.RecordPublishFailed))]
    public Task<bool> RecordPublishFailed([ActivityTrigger] PublishFailure failure, CancellationToken cancellationToken) =>
        statusFanOut.RecordPublishFailed(failure, cancellationToken);
}
