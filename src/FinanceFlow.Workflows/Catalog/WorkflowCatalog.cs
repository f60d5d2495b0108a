using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Posting;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Workflows.Catalog;

/// <summary>Every orchestrator and activity, by name. The self-host registers from this list; the Functions app has one function per entry (a test checks both agree).</summary>
public static class WorkflowCatalog
{
    public static IReadOnlyList<OrchestratorRegistration> Orchestrators { get; } =
    [
        new(nameof(ProcessExpenseReport), () => FuncTaskOrchestrator.Create<ProcessReportInput, ReportResult>(
            (context, input) => ProcessExpenseReport.RunAsync(context, input ?? throw new ArgumentNullException(nameof(input))))),
        new(nameof(ProcessCardBatch), () => FuncTaskOrchestrator.Create<ProcessCardBatchInput, CardBatchResult>(
            (context, input) => ProcessCardBatch.RunAsync(context, input ?? throw new ArgumentNullException(nameof(input))))),
    ];

    public static IReadOnlyList<ActivityRegistration> Activities { get; } =
    [
        Activity<ReportActivities, NormalizeRequest, NormalizeResult>(nameof(ReportActivities.NormalizeReport), (a, r, ct) => a.NormalizeReport(r, ct)),
        Activity<EnrichmentActivities, EnrichRequest, EnrichResult>(nameof(EnrichmentActivities.EnrichReport), (a, r, ct) => a.EnrichReport(r, ct)),
        Activity<ReportActivities, PolicyRequest, IReadOnlyList<Core.Model.Finding>>(nameof(ReportActivities.CheckPolicy), (a, r, ct) => a.CheckPolicy(r, ct)),
        Activity<AttachmentActivities, AttachmentsRequest, AttachmentsResult>(nameof(AttachmentActivities.StoreAttachments), (a, r, ct) => a.StoreAttachments(r, ct)),
        Activity<JournalActivities, JournalRequest, JournalResult>(nameof(JournalActivities.BuildJournal), (a, r, ct) => a.BuildJournal(r, ct)),
        Activity<ErpActivities, PostRequest, PostingOutcome>(nameof(ErpActivities.PostToErp), (a, r, ct) => a.PostToErp(r, ct)),
        Activity<StatusActivities, OutcomeRequest, bool>(nameof(StatusActivities.RecordStatus), (a, r, ct) => a.RecordStatus(r, ct)),
        Activity<StatusActivities, OutcomeRequest, string>(nameof(StatusActivities.NotifySource), (a, r, ct) => a.NotifySource(r, ct)),
        Activity<StatusActivities, OutcomeRequest, bool>(nameof(StatusActivities.RecordOutcome), (a, r, ct) => a.RecordOutcome(r, ct)),
        Activity<StatusFanOutActivities, PublishStatusRequest, string>(nameof(StatusFanOutActivities.PublishStatus), (a, r, ct) => a.PublishStatus(r, ct)),
        Activity<StatusFanOutActivities, PublishFailure, bool>(nameof(StatusFanOutActivities.RecordPublishFailed), (a, r, ct) => a.RecordPublishFailed(r, ct)),
        Activity<CardBatchActivities, CardBatchRequest, CardBatchRecorded>(nameof(CardBatchActivities.RecordCardTransactions), (a, r, ct) => a.RecordCardTransactions(r, ct)),
        Activity<CardBatchActivities, CardBatchRequest, CardJournalResult>(nameof(CardBatchActivities.BuildCardJournal), (a, r, ct) => a.BuildCardJournal(r, ct)),
        Activity<CardBatchActivities, CardBatchPostedRequest, int>(nameof(CardBatchActivities.MarkCardBatchPosted), (a, r, ct) => a.MarkCardBatchPosted(r, ct)),
        Activity<CardBatchActivities, CardBatchOutcomeRequest, bool>(nameof(CardBatchActivities.RecordCardBatchOutcome), (a, r, ct) => a.RecordCardBatchOutcome(r, ct)),
        Activity<CardMatchActivities, CardMatchRequest, Core.Cards.CardMatchResult>(nameof(CardMatchActivities.MatchCardTransactions), (a, r, ct) => a.MatchCardTransactions(r, ct)),
        Activity<CardMatchActivities, CardMatchedRequest, int>(nameof(CardMatchActivities.MarkCardTransactionsMatched), (a, r, ct) => a.MarkCardTransactionsMatched(r, ct)),
    ];

    private static ActivityRegistration Activity<TService, TInput, TOutput>(string name, Func<TService, TInput, CancellationToken, Task<TOutput>> run)
        where TService : notnull =>
        new(name, root => FuncTaskActivity.Create<TInput, TOutput>(async (_, input) =>
        {
            await using var scope = root.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<TService>();
            return await run(service, input ?? throw new ArgumentNullException(nameof(input)), CancellationToken.None);
        }));
}
