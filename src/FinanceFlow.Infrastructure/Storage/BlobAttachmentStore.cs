using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FinanceFlow.Infrastructure.Provisioning;

namespace FinanceFlow.Infrastructure.Storage;

/// <summary>Receipts in container <c>attachments</c>, with their SHA-256 in blob metadata.</summary>
public sealed class BlobAttachmentStore(BlobServiceClient blobs) : IAttachmentStore
{
    public const string ContainerName = "attachments";
    private const string Sha256Metadata = "sha256";
    private const string DefaultContentType = "application/octet-stream";

    public async Task<StoredAttachment> SaveAsync(
        string source, string reportId, int index, string fileName, string contentType, BinaryData content, CancellationToken cancellationToken)
    {
        var blobName = string.Create(
            CultureInfo.InvariantCulture,
            $"{BlobNames.Segment(source)}/{BlobNames.Segment(reportId)}/{index}-{BlobNames.Segment(fileName)}");
        var type = string.IsNullOrWhiteSpace(contentType) ? DefaultContentType : contentType;
        var bytes = content.ToMemory();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));

        var container = await StorageProvisioning.GetContainerAsync(blobs, ContainerName, cancellationToken);

        // Same name, same bytes on a re-run: overwriting is harmless and keeps the step idempotent.
        await container.GetBlobClient(blobName).UploadAsync(
            content,
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = type },
                Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [Sha256Metadata] = sha256 },
            },
            cancellationToken);

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
}
