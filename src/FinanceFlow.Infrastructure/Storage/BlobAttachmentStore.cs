using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FinanceFlow.Infrastructure.Provisioning;

namespace FinanceFlow.Infrastructure.Storage;

/// <summary>Receipts in container <c>attachments</c>, one blob per report version and content hash, with the SHA-256 in blob metadata.</summary>
public sealed class BlobAttachmentStore(BlobServiceClient blobs) : IAttachmentStore
{
    public const string ContainerName = "attachments";
    internal const string Sha256Metadata = "sha256";
    private const string DefaultContentType = "application/octet-stream";

    public async Task<StoredAttachment> SaveAsync(ReceiptName name, string contentType, BinaryData content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(content);
        var type = string.IsNullOrWhiteSpace(contentType) ? DefaultContentType : contentType;
        var bytes = content.ToMemory();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        var blobName = BlobName(name, sha256);

        var container = await StorageProvisioning.GetContainerAsync(blobs, ContainerName, cancellationToken);
        var blob = container.GetBlobClient(blobName);
        try
        {
            // Created once: a later version, or another content in this version, gets a name of its own.
            await blob.UploadAsync(
                content,
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = type },
                    Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [Sha256Metadata] = sha256 },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // A re-run of the step: the name carries the content's hash, so the blob there is this receipt. Reuse it.
            var existing = await GetAsync(blobName, cancellationToken);
            if (existing is null || existing.Sha256 != sha256 || existing.Length != bytes.Length)
            {
                throw new InvalidOperationException($"The receipt blob '{blobName}' exists with other content than its name says; it is kept as it is.", ex);
            }

            return existing;
        }

        return new StoredAttachment(blobName, type, sha256, bytes.Length);
    }

    public async Task<StoredAttachment?> GetAsync(string blobName, CancellationToken cancellationToken)
    {
        var container = await StorageProvisioning.GetContainerAsync(blobs, ContainerName, cancellationToken);
        try
        {
            var properties = (await container.GetBlobClient(blobName).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            properties.Metadata.TryGetValue(Sha256Metadata, out var sha256);
            return new StoredAttachment(blobName, properties.ContentType ?? DefaultContentType, sha256 ?? string.Empty, properties.ContentLength);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<BinaryData?> ReadAsync(string blobName, CancellationToken cancellationToken)
    {
        var container = await StorageProvisioning.GetContainerAsync(blobs, ContainerName, cancellationToken);
        try
        {
            return (await container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary><c>{source}/{reportId}/v{version}/{index}-{sha256}/{fileName}</c>: the version's receipts share a prefix, the file name stays last.</summary>
    public static string BlobName(ReceiptName name, string sha256)
    {
        ArgumentNullException.ThrowIfNull(name);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{BlobNames.Segment(name.Source)}/{BlobNames.Segment(name.ReportId)}/v{name.Version}/{name.Index}-{sha256}/{BlobNames.Segment(name.FileName)}");
    }
}
