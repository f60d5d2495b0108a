using FinanceFlow.Core.Cards;

namespace FinanceFlow.Infrastructure.Cards;

/// <summary>Table <c>CardTransactions</c>: PartitionKey = legal entity, RowKey = the issuer's transaction id.</summary>
public interface ICardTransactionStore
{
    /// <summary>
    /// Records a transaction of the feed (<see cref="CardTransactionRules.Record"/>) and answers what is stored: a report's claim,
    /// a batch journal, a posting and a match are kept.
    /// </summary>
    Task<CardTransactionRecord> RecordAsync(CardTransactionRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the transaction for <paramref name="report"/> (<c>source/reportId</c>), which credits it to the card payable, unless
    /// a batch journal holds it or another report has it (<see cref="CardTransactionRules.Claim"/>). Idempotent; answers what is
    /// stored after: the report credits the card payable only when that is its claim.
    /// </summary>
    Task<CardTransactionRecord> ClaimAsync(ReportedCardTransaction reported, string report, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Puts the batch's transaction in its batch journal <paramref name="journal"/> unless a report claimed it
    /// (<see cref="CardTransactionRules.Seal"/>); answers what is stored after, null when unknown.
    /// </summary>
    Task<CardTransactionRecord?> SealAsync(string legalEntity, string transactionId, string batchId, string journal, CancellationToken cancellationToken);

    Task<CardTransactionRecord?> GetAsync(string legalEntity, string transactionId, CancellationToken cancellationToken);

    /// <summary>The transactions stored for a batch, in transaction id order.</summary>
    Task<IReadOnlyList<CardTransactionRecord>> ListBatchAsync(string legalEntity, string batchId, CancellationToken cancellationToken);

    /// <summary>Records that the batch journal holding the transaction is in the ledger as <paramref name="document"/>.</summary>
    Task MarkPostedAsync(string legalEntity, string transactionId, string document, CancellationToken cancellationToken);

    /// <summary>
    /// Matches the transaction to a report (<c>source/reportId</c>) unless another report has it (the same report's reservation
    /// or claim becomes Matched; <see cref="CardTransactionRules.Match"/>); answers what is stored after, null when unknown.
    /// </summary>
    Task<CardTransactionRecord?> MarkMatchedAsync(string legalEntity, string transactionId, string report, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Reserves a transaction a batch journal holds for <paramref name="report"/> to clear (Clearing), unless another report has it
    /// (<see cref="CardTransactionRules.Reserve"/>); answers what is stored after: the report clears it only when it is its own.
    /// </summary>
    Task<CardTransactionRecord?> ReserveAsync(string legalEntity, string transactionId, string report, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Gives up <paramref name="report"/>'s reservation (<see cref="CardTransactionRules.Release"/>).</summary>
    Task<CardTransactionRecord?> ReleaseAsync(string legalEntity, string transactionId, string report, CancellationToken cancellationToken);
}
