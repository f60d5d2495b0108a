namespace FinanceFlow.Infrastructure.Storage;

/// <summary>Which receipt: of which report version, at which position of its attachment list, under which file name.</summary>
public sealed record ReceiptName(string Source, string ReportId, int Version, int Index, string FileName);

/// <summary>A receipt once it is in Blob storage.</summary>
public sealed record StoredAttachment(string BlobName, string ContentType, string Sha256, long Length);

/// <summary>Receipts in Blob storage, container <c>attachments</c>, written once and never overwritten.</summary>
public interface IAttachmentStore
{
    /// <summary>
    /// Stores bytes as <c>attachments/{source}/{reportId}/v{version}/{n}-{sha256}/{fileName}</c> with the content type and SHA-256
    /// as metadata. A receipt already there under that name (same version, position and content) is reused, not written again;
    /// the receipts of another version are never touched.
    /// </summary>
    Task<StoredAttachment> SaveAsync(ReceiptName name, string contentType, BinaryData content, CancellationToken cancellationToken);

    /// <summary>The stored attachment's properties, or null when absent.</summary>
    Task<StoredAttachment?> GetAsync(string blobName, CancellationToken cancellationToken);

    /// <summary>The stored attachment's bytes, or null when absent (receipts go on to the ERP document after posting).</summary>
    Task<BinaryData?> ReadAsync(string blobName, CancellationToken cancellationToken);
}
