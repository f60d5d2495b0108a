using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Infrastructure.Provisioning;

namespace FinanceFlow.Infrastructure.Storage;

/// <summary>
/// Raw inbound payloads in container <c>raw</c>, written once and never overwritten. A name already taken by other bytes is a
/// reused message id: the new payload goes to <c>{name}.conflict-{sha256 prefix}.json</c> and the caller hears of the conflict.
/// </summary>
public sealed class BlobRawPayloadStore(BlobServiceClient blobs) : IRawPayloadStore
{
    public const string ContainerName = "raw";

    private readonly RecentPayloads _recent = new();

    public async Task<string> SaveAsync(string source, string messageId, DateTimeOffset receivedAt, BinaryData body, CancellationToken cancellationToken)
    {
        var day = receivedAt.UtcDateTime;
        var blobName = string.Create(
            CultureInfo.InvariantCulture,
            $"{BlobNames.Segment(source)}/{day:yyyy}/{day:MM}/{day:dd}/{BlobNames.Segment(messageId)}.json");
        var container = await StorageProvisioning.GetContainerAsync(blobs, ContainerName, cancellationToken);
        if (await TryCreateAsync(container, blobName, body, cancellationToken))
        {
            _recent.Remember(blobName, body);
            return blobName;
        }

        // A redelivery of the same message: the first copy is the evidence, keep it.
        var kept = (await container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken)).Value.Content;
        if (kept.ToMemory().Span.SequenceEqual(body.ToMemory().Span))
        {
            return blobName;
        }

        var keptAs = $"{blobName[..^".json".Length]}.conflict-{Sha256.Hex(body.ToMemory().Span)[..16]}.json";
        await TryCreateAsync(container, keptAs, body, cancellationToken);
        throw new RawPayloadConflictException(blobName, keptAs);
    }

    public async IAsyncEnumerable<RawPayloadEntry> ListAsync(string source, DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var container = await StorageProvisioning.GetContainerAsync(blobs, ContainerName, cancellationToken);
        var prefix = string.Create(CultureInfo.InvariantCulture, $"{BlobNames.Segment(source)}/{day:yyyy}/{day:MM}/{day:dd}/");
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            var name = blob.Name[prefix.Length..];
            if (name.Contains('/', StringComparison.Ordinal) || !name.EndsWith(".json", StringComparison.Ordinal) || name.Contains(".conflict-", StringComparison.Ordinal))
            {
                continue;
            }

            yield return new RawPayloadEntry(blob.Name, name[..^".json".Length], blob.Properties.CreatedOn ?? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        }
    }

    private static async Task<bool> TryCreateAsync(BlobContainerClient container, string blobName, BinaryData body, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        };

        try
        {
            await container.GetBlobClient(blobName).UploadAsync(body, options, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task<BinaryData> ReadAsync(string blobName, CancellationToken cancellationToken)
    {
        if (_recent.Find(blobName) is { } recent)
        {
            return recent;
        }

        var container = await StorageProvisioning.GetContainerAsync(blobs, ContainerName, cancellationToken);
        var download = await container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
        return download.Value.Content;
    }
}
