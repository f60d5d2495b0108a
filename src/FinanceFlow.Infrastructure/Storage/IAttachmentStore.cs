namespace FinanceFlow.Infrastructure.Storage;

/// <summary>A receipt once it is in Blob storage.</summary>
public sealed record StoredAttachment(string BlobName, string ContentType, string Sha256, long Length);

/// <summary>Receipts in Blob storage, container <c>attachments</c>.</summary>
public interface IAttachmentStore
{
    /// <summary>Stores bytes as <c>attachments/{source}/{reportId}/{n}-{fileName}</c> with the content type and SHA-256 as metadata.</summary>
    Task<StoredAttachment> SaveAsync(string source, string reportId, int index, string fileName, string contentType, BinaryData content, CancellationToken cancellationToken);

    /// <summary>The stored attachment's properties, or null when absent.</summary>
    Task<StoredAttachment?> GetAsync(string blobName, CancellationToken cancellationToken);
}
