using System.Text;
using Azure.Storage.Blobs;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;

namespace FinanceFlow.Integration.Tests.Storage;

/// <summary>Receipts are kept per report version and content hash on a real Azurite: nothing a later version stores touches an earlier one.</summary>
[Trait("Category", "Integration")]
public sealed class BlobAttachmentStoreTests(AzuriteProcess azurite) : IClassFixture<AzuriteProcess>
{
    private readonly BlobServiceClient _blobs = new(azurite.ConnectionString);

    [Fact]
    public async Task SaveAsync_Version2WithAnotherReceipt_Version1ReceiptStaysReadable()
    {
        // Arrange: the same report, same attachment position and file name, other bytes in v2.
        var store = new BlobAttachmentStore(_blobs);
        var reportId = "R-" + Guid.NewGuid().ToString("N")[..8];
        var posted = Encoding.ASCII.GetBytes("%PDF-1.4 receipt as posted in v1\n%%EOF\n");
        var changed = Encoding.ASCII.GetBytes("%PDF-1.4 another receipt sent with v2\n%%EOF\n");

        // Act
        var v1 = await store.SaveAsync(new ReceiptName("canonical", reportId, 1, 0, "receipt.pdf"), "application/pdf", BinaryData.FromBytes(posted), CancellationToken.None);
        var v2 = await store.SaveAsync(new ReceiptName("canonical", reportId, 2, 0, "receipt.pdf"), "application/pdf", BinaryData.FromBytes(changed), CancellationToken.None);

        // Assert: two blobs, each with its own bytes and hash.
        Assert.NotEqual(v1.BlobName, v2.BlobName);
        Assert.StartsWith($"canonical/{reportId}/v1/0-", v1.BlobName, StringComparison.Ordinal);
        Assert.StartsWith($"canonical/{reportId}/v2/0-", v2.BlobName, StringComparison.Ordinal);
        Assert.Equal(posted, await ContentAsync(v1.BlobName));
        Assert.Equal(changed, await ContentAsync(v2.BlobName));
        Assert.Equal(v1, await store.GetAsync(v1.BlobName, CancellationToken.None));
        Assert.Equal(v2, await store.GetAsync(v2.BlobName, CancellationToken.None));
    }

    [Fact]
    public async Task SaveAsync_SameVersionOtherContent_KeepsTheFirstAndStoresTheSecondBesideIt()
    {
        // Arrange: a retried step whose URL now serves other bytes.
        var store = new BlobAttachmentStore(_blobs);
        var name = new ReceiptName("expensify", "R-" + Guid.NewGuid().ToString("N")[..8], 3, 1, "taxi.png");
        var first = new byte[] { 0x89, 0x50, 0x4E, 0x47, 1 };
        var second = new byte[] { 0x89, 0x50, 0x4E, 0x47, 2 };

        // Act
        var a = await store.SaveAsync(name, "image/png", BinaryData.FromBytes(first), CancellationToken.None);
        var b = await store.SaveAsync(name, "image/png", BinaryData.FromBytes(second), CancellationToken.None);

        // Assert
        Assert.NotEqual(a.BlobName, b.BlobName);
        Assert.Equal(first, await ContentAsync(a.BlobName));
        Assert.Equal(second, await ContentAsync(b.BlobName));
    }

    [Fact]
    public async Task SaveAsync_SameReceiptAgain_ReusesTheBlobWithoutWritingIt()
    {
        // Arrange
        var store = new BlobAttachmentStore(_blobs);
        var name = new ReceiptName("canonical", "R-" + Guid.NewGuid().ToString("N")[..8], 1, 0, "receipt.pdf");
        var bytes = Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n");
        var saved = await store.SaveAsync(name, "application/pdf", BinaryData.FromBytes(bytes), CancellationToken.None);
        var blob = _blobs.GetBlobContainerClient(BlobAttachmentStore.ContainerName).GetBlobClient(saved.BlobName);
        var before = (await blob.GetPropertiesAsync()).Value.ETag;

        // Act
        var again = await store.SaveAsync(name, "application/pdf", BinaryData.FromBytes(bytes), CancellationToken.None);

        // Assert: same answer, and the blob was not written a second time.
        Assert.Equal(saved, again);
        Assert.Equal(before, (await blob.GetPropertiesAsync()).Value.ETag);
    }

    private async Task<byte[]> ContentAsync(string blobName) =>
        (await _blobs.GetBlobContainerClient(BlobAttachmentStore.ContainerName).GetBlobClient(blobName).DownloadContentAsync()).Value.Content.ToArray();
}
