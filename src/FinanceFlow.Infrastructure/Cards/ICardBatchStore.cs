namespace FinanceFlow.Infrastructure.Cards;

/// <summary>Table <c>CardBatches</c>: PartitionKey = legal entity, RowKey = batch id.</summary>
public interface ICardBatchStore
{
    /// <summary>Writes the batch's row; an ended batch (not Pending) is never set back to Pending.</summary>
    Task UpsertAsync(CardBatchRecord record, CancellationToken cancellationToken);

    Task<CardBatchRecord?> GetAsync(string legalEntity, string batchId, CancellationToken cancellationToken);
}
