using FinanceFlow.Core.Model;
using FinanceFlow.Workflows.ReportPipeline;

namespace FinanceFlow.Workflows.Cards;

/// <summary>The card batch orchestration's input: the batch's identity and where its document is stored.</summary>
public sealed record ProcessCardBatchInput(
    string LegalEntity,
    string BatchId,
    string RawBlobName,
    string MessageId,
    DateTimeOffset ReceivedAt,
    string Actor,
    PostingRetryPlan PostingRetry);

/// <summary>How a card batch run ended: its journal's posting and what the finance team should know.</summary>
public sealed record CardBatchResult(
    string LegalEntity,
    string BatchId,
    ReportOutcome Outcome,
    string Reference,
    string? Ledger,
    string? DocumentNumber,
    string? Currency,
    int TransactionCount,
    decimal Total,
    IReadOnlyList<Finding> Findings,
    string? FailureReason)
{
    /// <summary>The transactions its journal left out: their reports credited them to the card payable before the feed.</summary>
    public IReadOnlyList<string> LeftOut { get; init; } = [];
}
