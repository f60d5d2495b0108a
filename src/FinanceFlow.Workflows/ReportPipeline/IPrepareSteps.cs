using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Model;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.CashAdvances;
using FinanceFlow.Workflows.Posting;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>The steps <see cref="PrepareFlow"/> runs, each as its activity would run it.</summary>
public interface IPrepareSteps
{
    Task<NormalizeResult> NormalizeAsync(NormalizeRequest request, CancellationToken cancellationToken);

    Task<EnrichResult> EnrichAsync(EnrichRequest request, CancellationToken cancellationToken);

    Task<IReadOnlyList<Finding>> CheckAdvancesAsync(CashAdvanceCheckRequest request, CancellationToken cancellationToken);

    Task<IReadOnlyList<Finding>> CheckPolicyAsync(PolicyRequest request, CancellationToken cancellationToken);

    Task<AttachmentsResult> StoreAttachmentsAsync(AttachmentsRequest request, CancellationToken cancellationToken);

    Task<CardMatchResult> MatchCardsAsync(CardMatchRequest request, CancellationToken cancellationToken);

    Task<JournalResult> BuildJournalAsync(JournalRequest request, CancellationToken cancellationToken);

    /// <summary>One posting attempt; throws what the posting activity throws.</summary>
    Task<PostingOutcome> PostAsync(PostRequest request, CancellationToken cancellationToken);

    /// <summary>The outcome step (<see cref="OutcomeActivities.FinishReport"/>).</summary>
    Task<FinishResult> FinishAsync(OutcomeRequest request, CancellationToken cancellationToken);
}
