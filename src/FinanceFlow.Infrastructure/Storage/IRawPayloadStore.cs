namespace FinanceFlow.Infrastructure.Storage;

/// <summary>Keeps every inbound payload exactly as received, before anything else touches it.</summary>
public interface IRawPayloadStore
{
    /// <summary>Stores the body as blob <c>raw/{source}/{yyyy}/{MM}/{dd}/{messageId}.json</c>; a redelivery of the same id keeps the first copy.</summary>
    /// <returns>The blob name inside the <c>raw</c> container.</returns>
    Task<string> SaveAsync(string source, string messageId, DateTimeOffset receivedAt, BinaryData body, CancellationToken cancellationToken);

    /// <summary>Reads a stored payload back.</summary>
    Task<BinaryData> ReadAsync(string blobName, CancellationToken cancellationToken);
}
