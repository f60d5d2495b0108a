namespace FinanceFlow.Infrastructure.Storage;

/// <summary>Keeps every inbound payload exactly as received, before anything else touches it.</summary>
public interface IRawPayloadStore
{
    /// <summary>
    /// Stores the body as blob <c>raw/{source}/{yyyy}/{MM}/{dd}/{messageId}.json</c>; a redelivery of the same id with the same bytes keeps
    /// the first copy.
    /// </summary>
    /// <returns>The blob name inside the <c>raw</c> container.</returns>
    /// <exception cref="RawPayloadConflictException">
    /// The name holds other bytes: the message id was reused for another payload. The new body is kept under another name, never lost.
    /// </exception>
    Task<string> SaveAsync(string source, string messageId, DateTimeOffset receivedAt, BinaryData body, CancellationToken cancellationToken);

    /// <summary>Reads a stored payload back.</summary>
    Task<BinaryData> ReadAsync(string blobName, CancellationToken cancellationToken);

    /// <summary>The payloads of <paramref name="source"/> received on <paramref name="day"/> (UTC), by blob name; conflicting copies left out.</summary>
    IAsyncEnumerable<RawPayloadEntry> ListAsync(string source, DateOnly day, CancellationToken cancellationToken);
}

/// <summary>A kept payload as listed: its blob name, the message id it came under and when it was kept.</summary>
public sealed record RawPayloadEntry(string BlobName, string MessageId, DateTimeOffset ReceivedAt);

/// <summary>A message id came again with other content than the payload kept under it; the new content is kept as <see cref="KeptAs"/>.</summary>
public sealed class RawPayloadConflictException(string blobName, string keptAs)
    : Exception($"{blobName} already holds another payload under the same message id; this one is kept as {keptAs}.")
{
    /// <summary>The first payload's blob.</summary>
    public string BlobName { get; } = blobName;

    /// <summary>Where the conflicting payload is kept.</summary>
    public string KeptAs { get; } = keptAs;
}
