using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using FinanceFlow.Infrastructure.Provisioning;

namespace FinanceFlow.Infrastructure.Storage;

/// <summary>A stored receipt with a read-only download link that expires at <paramref name="ExpiresAt"/>.</summary>
public sealed record AttachmentLink(string BlobName, string FileName, string ContentType, long Length, string? Sha256, Uri DownloadUrl, DateTimeOffset ExpiresAt);

/// <summary>
/// The receipts kept for a report version (container <c>attachments</c>), each with a short-lived SAS link: signed with the account key
/// where the client has one (a connection string, Azurite), else with a user delegation key of the app's identity, so no key leaves Azure.
/// </summary>
public sealed class AttachmentLinks(BlobServiceClient blobs, TimeProvider time)
{
    /// <summary>How long a link reads: long enough to click, short enough that a pasted link soon stops working.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>The receipts of <paramref name="version"/> of the report, in the order they were stored (by their position in the report).</summary>
    public async Task<IReadOnlyList<AttachmentLink>> ListAsync(string source, string reportId, int version, CancellationToken cancellationToken)
    {
        var container = await StorageProvisioning.GetContainerAsync(blobs, BlobAttachmentStore.ContainerName, cancellationToken);
        var prefix = $"{BlobNames.Segment(source)}/{BlobNames.Segment(reportId)}/v{version}/";
        var expiresAt = time.GetUtcNow().Add(Lifetime);
        UserDelegationKey? key = null;
        var links = new List<AttachmentLink>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = prefix }, cancellationToken))
        {
            var blob = container.GetBlobClient(item.Name);
            var fileName = item.Name[(item.Name.LastIndexOf('/') + 1)..];
            var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresAt)
            {
                BlobContainerName = container.Name,
                BlobName = item.Name,
                Resource = "b",
                ContentDisposition = $"attachment; filename=\"{fileName.Replace("\"", "", StringComparison.Ordinal)}\"",
            };
            Uri url;
            if (blob.CanGenerateSasUri)
            {
                url = blob.GenerateSasUri(sas);
            }
            else
            {
                // Identity-based access: one user delegation key for the whole list, valid as long as its links.
                key ??= (await blobs.GetUserDelegationKeyAsync(time.GetUtcNow().AddMinutes(-1), expiresAt, cancellationToken)).Value;
                url = new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, blobs.AccountName) }.ToUri();
            }

            item.Metadata.TryGetValue(BlobAttachmentStore.Sha256Metadata, out var sha256);
            links.Add(new AttachmentLink(item.Name, fileName, item.Properties.ContentType ?? "application/octet-stream", item.Properties.ContentLength ?? 0, sha256, url, expiresAt));
        }

        return [.. links.OrderBy(l => Position(l.BlobName, prefix)).ThenBy(l => l.BlobName, StringComparer.Ordinal)];
    }

    private static int Position(string blobName, string prefix)
    {
        var rest = blobName[prefix.Length..];
        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && int.TryParse(rest[..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
    }
}
