using FinanceFlow.Core.Cards;

namespace FinanceFlow.Infrastructure.Cards;

/// <summary>Table <c>CardTransactions</c>: PartitionKey = legal entity, RowKey = the issuer's transaction id.</summary>
public interface ICardTransactionStore
{
    /// <summary>
    /// Records a transaction of the feed and answers what is stored. Idempotent: a transaction already stored keeps its batch,
    /// its batch posting and its match (a Matched transaction is never set back to Unmatched); only an Unmatched one of the same
    /// batch, or one a report booked before any batch, takes the feed's data again (keeping the report's booking).
    /// </summary>
    Task<CardTransactionRecord> RecordAsync(CardTransactionRecord record, CancellationToken cancellationToken);

    Task<CardTransactionRecord?> GetAsync(string legalEntity, string transactionId, CancellationToken cancellationToken);

    /// <summary>The transactions stored for a batch, in transaction id order.</summary>
    Task<IReadOnlyList<CardTransactionRecord>> ListBatchAsync(string legalEntity, string batchId, CancellationToken cancellationToken);

    /// <summary>Records that the batch journal holding the transaction is in the ledger as <paramref name="document"/>.</summary>
    Task MarkPostedAsync(string legalEntity, string transactionId, string document, CancellationToken cancellationToken);

    /// <summary>
    /// Matches the transaction to a report (<c>source/reportId</c>) unless another report has it (a transaction the same report
    /// booked before the feed becomes Matched); answers what is stored after, null when unknown.
    /// </summary>
    Task<CardTransactionRecord?> MarkMatchedAsync(string legalEntity, string transactionId, string report, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Records that a posted report credited the transaction to the card payable before its batch was in the ledger (state
    /// ReportedBeforeFeed, creating the row when the feed has not delivered it). Idempotent; a transaction another report has,
    /// or whose batch posted meanwhile, is left as it is. Answers what is stored after.
    /// </summary>
    Task<CardTransactionRecord?> MarkReportedAsync(ReportedCardTransaction reported, string report, DateTimeOffset at, CancellationToken cancellationToken);
}
