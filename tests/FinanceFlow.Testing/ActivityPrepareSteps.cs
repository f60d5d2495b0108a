using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Model;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.CashAdvances;
using FinanceFlow.Workflows.Posting;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.DurableTask;
using Moq;

namespace FinanceFlow.Testing;

/// <summary>
/// For orchestration tests on a mocked <see cref="TaskOrchestrationContext"/>: the prepare and finish activities run their real
/// decisions (<see cref="PrepareFlow"/>, <see cref="OutcomeActivities.FinishAsync"/>), and each step in them is called as the
/// activity of its name on the same context, so a test sets up (and counts) the steps as it did when each was an activity.
/// </summary>
public sealed class ActivityPrepareSteps(TaskOrchestrationContext context) : IPrepareSteps
{
    /// <summary>Routes <c>PrepareReport</c> and <c>FinishReport</c> of <paramref name="context"/> through the steps' own setups.</summary>
    public static void Route(Mock<TaskOrchestrationContext> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Setup(c => c.CallActivityAsync<PreparedReport>(It.Is<TaskName>(n => n.Name == nameof(PrepareActivities.PrepareReport)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) => PrepareFlow.RunAsync(new ActivityPrepareSteps(context.Object), (PrepareRequest)input!, CancellationToken.None));
        context.Setup(c => c.CallActivityAsync<FinishResult>(It.Is<TaskName>(n => n.Name == nameof(OutcomeActivities.FinishReport)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) => new ActivityPrepareSteps(context.Object).FinishAsync((OutcomeRequest)input!, CancellationToken.None));
    }

    public Task<NormalizeResult> NormalizeAsync(NormalizeRequest request, CancellationToken cancellationToken) =>
        context.CallActivityAsync<NormalizeResult>(nameof(ReportActivities.NormalizeReport), request);

    public Task<EnrichResult> EnrichAsync(EnrichRequest request, CancellationToken cancellationToken) =>
        context.CallActivityAsync<EnrichResult>(nameof(EnrichmentActivities.EnrichReport), request);

    public Task<IReadOnlyList<Finding>> CheckAdvancesAsync(CashAdvanceCheckRequest request, CancellationToken cancellationToken) =>
        context.CallActivityAsync<IReadOnlyList<Finding>>(nameof(CashAdvanceActivities.CheckAdvancesIssued), request);

    public Task<IReadOnlyList<Finding>> CheckPolicyAsync(PolicyRequest request, CancellationToken cancellationToken) =>
        context.CallActivityAsync<IReadOnlyList<Finding>>(nameof(ReportActivities.CheckPolicy), request);

    public Task<AttachmentsResult> StoreAttachmentsAsync(AttachmentsRequest request, CancellationToken cancellationToken) =>
        context.CallActivityAsync<AttachmentsResult>(nameof(AttachmentActivities.StoreAttachments), request);

    public Task<CardMatchResult> MatchCardsAsync(CardMatchRequest request, CancellationToken cancellationToken) =>
        context.CallActivityAsync<CardMatchResult>(nameof(CardMatchActivities.MatchCardTransactions), request);

    public Task<JournalResult> BuildJournalAsync(JournalRequest request, CancellationToken cancellationToken) =>
        context.CallActivityAsync<JournalResult>(nameof(JournalActivities.BuildJournal), request);

    public Task<PostingOutcome> PostAsync(PostRequest request, CancellationToken cancellationToken) =>
        context.CallActivityAsync<PostingOutcome>(nameof(ErpActivities.PostToErp), request);

    public Task<FinishResult> FinishAsync(OutcomeRequest request, CancellationToken cancellationToken) =>
        OutcomeActivities.FinishAsync(
            () => context.CallActivityAsync<bool>(nameof(OutcomeActivities.RecordStatus), request),
            () => context.CallActivityAsync<string>(nameof(OutcomeActivities.NotifySource), request),
            () => context.CallActivityAsync<bool>(nameof(OutcomeActivities.RecordOutcome), request));
}
