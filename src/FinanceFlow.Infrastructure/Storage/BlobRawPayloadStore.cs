using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FinanceFlow.Infrastructure.Provisioning;

namespace FinanceFlow.Infrastructure.Storage;

/// <summary>Raw inbound payloads in container <c>raw</c>, written once and never overwritten.</summary>
public sealed class BlobRawPayloadStore(BlobServiceClient blobs) : IRawPayloadStore
{
    public const string ContainerName = "raw";

    public async Task<string> SaveAsync(string source, string messageId, DateTimeOffset receivedAt, BinaryData body, CancellationToken cancellationToken)
    {
        var day = receivedAt.UtcDateTime;
        var blobName = string.Create(
            CultureInfo.InvariantCulture,
            $"{BlobNames.Segment(source)}/{day:yyyy}/{day:MM}/{day:dd}/{BlobNames.Segment(messageId)}.json");
        var container = await StorageProvisioning.GetContainerAsync(blobs, ContainerName, cancellationToken);
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        };

        try
        {
            await container.GetBlobClient(blobName).UploadAsync(body, options, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // A redelivery of the same message: the first copy is the evidence, keep it.
        }

        return blobName;
    }

    public async Task<BinaryData> ReadAsync(string blobName, CancellationToken cancellationToken)
    {
        var container = await StorageProvisioning.GetContainerAsync(blobs, ContainerName, cancellationToken);
        var download = await container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
        return download.Value.Content;
    }
}
