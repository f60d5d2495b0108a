using FinanceFlow.Core.Model;

namespace FinanceFlow.Infrastructure.Cards;

/// <summary>The one row finance reads about a card batch (Table <c>CardBatches</c>): what arrived, how its journal posted.</summary>
/// <param name="Outcome">Pending while the run goes on; Posted, PostingFailed, Rejected or AwaitingMasterData once it ended.</param>
/// <param name="Reference">The journal's external reference, <c>FF-CARDS-{entity}-{batchId}</c>.</param>
public sealed record CardBatchRecord(
    string LegalEntity,
    string BatchId,
    string InstanceId,
    string? CardProgram,
    DateOnly? StatementDate,
    string? Currency,
    int TransactionCount,
    decimal? Total,
    ReportOutcome Outcome,
    string Reference,
    string? Ledger,
    string? DocumentNumber,
    string? FailureReason,
    IReadOnlyList<Finding> Findings,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt);
