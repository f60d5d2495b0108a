using FinanceFlow.Core.Model;

namespace FinanceFlow.Infrastructure.Cards;

/// <summary>Table <c>CardBatches</c>: PartitionKey = legal entity, RowKey = batch id.</summary>
public interface ICardBatchStore
{
    /// <summary>Writes the batch's row; an ended batch (not Pending) is never set back to Pending.</summary>
    Task UpsertAsync(CardBatchRecord record, CancellationToken cancellationToken);

    Task<CardBatchRecord?> GetAsync(string legalEntity, string batchId, CancellationToken cancellationToken);

    /// <summary>Every batch whose outcome is one of <paramref name="outcomes"/> (a table scan with a server-side filter).</summary>
    Task<IReadOnlyList<CardBatchRecord>> ListByOutcomeAsync(IReadOnlyCollection<ReportOutcome> outcomes, CancellationToken cancellationToken);
}
