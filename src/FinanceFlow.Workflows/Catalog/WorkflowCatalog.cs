using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.CashAdvances;
using FinanceFlow.Workflows.Posting;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.Schedules;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FinanceFlow.Workflows.Catalog;

/// <summary>Every orchestrator and activity, by name. The self-host registers from these lists; the Functions app has one function per entry (a test checks both agree).</summary>
public static class WorkflowCatalog
{
    public static IReadOnlyList<OrchestratorRegistration> Orchestrators { get; } =
    [
        new(nameof(ProcessExpenseReport), () => FuncTaskOrchestrator.Create<ProcessReportInput, ReportResult>(
            (context, input) => ProcessExpenseReport.RunAsync(context, input ?? throw new ArgumentNullException(nameof(input))))),
        new(nameof(ProcessCardBatch), () => FuncTaskOrchestrator.Create<ProcessCardBatchInput, CardBatchResult>(
            (context, input) => ProcessCardBatch.RunAsync(context, input ?? throw new ArgumentNullException(nameof(input))))),
    ];

    /// <summary>Every activity, by feature; each entry also registers its class with DI (<see cref="AddWorkflowActivities"/>).</summary>
    public static IReadOnlyList<ActivityRegistration> Activities { get; } =
    [
        // ReportPipeline
        Activity<PrepareActivities, PrepareRequest, PreparedReport>(nameof(PrepareActivities.PrepareReport), (a, r, ct) => a.PrepareReport(r, ct)),
        Activity<OutcomeActivities, OutcomeRequest, FinishResult>(nameof(OutcomeActivities.FinishReport), (a, r, ct) => a.FinishReport(r, ct)),
        Activity<ReportActivities, NormalizeRequest, NormalizeResult>(nameof(ReportActivities.NormalizeReport), (a, r, ct) => a.NormalizeReport(r, ct)),
        Activity<EnrichmentActivities, EnrichRequest, EnrichResult>(nameof(EnrichmentActivities.EnrichReport), (a, r, ct) => a.EnrichReport(r, ct)),
        Activity<ReportActivities, PolicyRequest, IReadOnlyList<Core.Model.Finding>>(nameof(ReportActivities.CheckPolicy), (a, r, ct) => a.CheckPolicy(r, ct)),
        Activity<AttachmentActivities, AttachmentsRequest, AttachmentsResult>(nameof(AttachmentActivities.StoreAttachments), (a, r, ct) => a.StoreAttachments(r, ct)),
        Activity<JournalActivities, JournalRequest, JournalResult>(nameof(JournalActivities.BuildJournal), (a, r, ct) => a.BuildJournal(r, ct)),
        Activity<OutcomeActivities, OutcomeRequest, bool>(nameof(OutcomeActivities.RecordStatus), (a, r, ct) => a.RecordStatus(r, ct)),
        Activity<OutcomeActivities, OutcomeRequest, string>(nameof(OutcomeActivities.NotifySource), (a, r, ct) => a.NotifySource(r, ct)),
        Activity<OutcomeActivities, OutcomeRequest, bool>(nameof(OutcomeActivities.RecordOutcome), (a, r, ct) => a.RecordOutcome(r, ct)),
        Activity<OutcomeActivities, OpenExceptionRequest, bool>(nameof(OutcomeActivities.OpenException), (a, r, ct) => a.OpenException(r, ct)),
        Activity<OutcomeActivities, ExceptionStepRequest, bool>(nameof(OutcomeActivities.RecordExceptionStep), (a, r, ct) => a.RecordExceptionStep(r, ct)),

        // CashAdvances
        Activity<CashAdvanceActivities, CashAdvanceCheckRequest, IReadOnlyList<Core.Model.Finding>>(nameof(CashAdvanceActivities.CheckAdvancesIssued), (a, r, ct) => a.CheckAdvancesIssued(r, ct)),

        // Posting
        Activity<ErpActivities, PostRequest, PostingOutcome>(nameof(ErpActivities.PostToErp), (a, r, ct) => a.PostToErp(r, ct)),
        Activity<ErpActivities, AttachReceiptsRequest, AttachReceiptsResult>(nameof(ErpActivities.AttachReceipts), (a, r, ct) => a.AttachReceipts(r, ct)),
        Activity<ErpActivities, ReceiptsNotAttachedRequest, bool>(nameof(ErpActivities.RecordReceiptsNotAttached), (a, r, ct) => a.RecordReceiptsNotAttached(r, ct)),

        // StatusFanOut
        Activity<StatusFanOutActivities, PublishStatusRequest, string>(nameof(StatusFanOutActivities.PublishStatus), (a, r, ct) => a.PublishStatus(r, ct)),
        Activity<StatusFanOutActivities, PublishFailure, bool>(nameof(StatusFanOutActivities.RecordPublishFailed), (a, r, ct) => a.RecordPublishFailed(r, ct)),

        // Cards
        Activity<CardBatchActivities, CardBatchRequest, CardBatchRecorded>(nameof(CardBatchActivities.RecordCardTransactions), (a, r, ct) => a.RecordCardTransactions(r, ct)),
        Activity<CardBatchActivities, CardBatchRequest, CardJournalResult>(nameof(CardBatchActivities.BuildCardJournal), (a, r, ct) => a.BuildCardJournal(r, ct)),
        Activity<CardBatchActivities, CardBatchPostedRequest, int>(nameof(CardBatchActivities.MarkCardBatchPosted), (a, r, ct) => a.MarkCardBatchPosted(r, ct)),
        Activity<CardBatchActivities, CardBatchOutcomeRequest, bool>(nameof(CardBatchActivities.RecordCardBatchOutcome), (a, r, ct) => a.RecordCardBatchOutcome(r, ct)),
        Activity<CardMatchActivities, CardMatchRequest, Core.Cards.CardMatchResult>(nameof(CardMatchActivities.MatchCardTransactions), (a, r, ct) => a.MatchCardTransactions(r, ct)),
        Activity<CardMatchActivities, CardMatchedRequest, int>(nameof(CardMatchActivities.MarkCardTransactionsMatched), (a, r, ct) => a.MarkCardTransactionsMatched(r, ct)),
    ];

    /// <summary>Registers the class of every activity of this catalog and the schedules' with DI (scoped: one per execution).</summary>
    public static IServiceCollection AddWorkflowActivities(this IServiceCollection services)
    {
        foreach (var type in Activities.Concat(ScheduleCatalog.Activities).Select(a => a.ServiceType).Distinct())
        {
            services.TryAddScoped(type);
        }

        return services;
    }

    private static ActivityRegistration Activity<TService, TInput, TOutput>(string name, Func<TService, TInput, CancellationToken, Task<TOutput>> run)
        where TService : notnull => ActivityRegistration.Of(name, run);
}
