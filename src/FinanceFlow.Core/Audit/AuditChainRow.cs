namespace FinanceFlow.Core.Audit;

/// <summary>One stored audit row as the chain verifier reads it.</summary>
/// <param name="RowKey">The row's key in its partition, to name it in a break.</param>
/// <param name="WrittenAt">When the storage service last wrote the row (Table storage's <c>Timestamp</c>): the service sets it, no client can.</param>
/// <param name="KeySequence">The sequence number the row's key holds; null for a row whose key is not a chain key (written before the chain).</param>
/// <param name="Sequence">The sequence number the row's hashed content names.</param>
/// <param name="PreviousHash">The hash of the row before it, as the row recorded it when written.</param>
/// <param name="Hash">The row's own hash, as recorded when written.</param>
public sealed record AuditChainRow(
    string RowKey,
    DateTimeOffset WrittenAt,
    long? KeySequence,
    long? Sequence,
    string? PreviousHash,
    string? Hash,
    AuditContent Content);
