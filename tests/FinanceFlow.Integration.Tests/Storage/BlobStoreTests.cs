using System.Security.Cryptography;
using Azure.Storage.Blobs;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;

namespace FinanceFlow.Integration.Tests.Storage;

[Trait("Category", "Integration")]
public sealed class BlobStoreTests(AzuriteProcess azurite) : IClassFixture<AzuriteProcess>
{
    private readonly BlobServiceClient _blobs = new(azurite.ConnectionString);

    [Fact]
    public async Task SaveAsync_RedeliveredMessage_KeepsFirstCopy()
    {
        // Arrange
        var store = new BlobRawPayloadStore(_blobs);
        var messageId = "msg-" + Guid.NewGuid().ToString("N")[..8];
        var receivedAt = new DateTimeOffset(2024, 3, 21, 23, 30, 0, TimeSpan.FromHours(-5));

        // Act
        var first = await store.SaveAsync("concur", messageId, receivedAt, BinaryData.FromString("""{"copy":1}"""), CancellationToken.None);
        var second = await store.SaveAsync("concur", messageId, receivedAt.AddMinutes(1), BinaryData.FromString("""{"copy":1}"""), CancellationToken.None);

        // Assert: the UTC day names the folder, and the first body stays.
        Assert.Equal($"concur/2024/03/22/{messageId}.json", first);
        Assert.Equal(first, second);
        Assert.Equal("""{"copy":1}""", (await store.ReadAsync(first, CancellationToken.None)).ToString());
        var properties = await _blobs.GetBlobContainerClient("raw").GetBlobClient(first).GetPropertiesAsync();
        Assert.Equal("application/json", properties.Value.ContentType);
    }

    [Fact]
    public async Task SaveAsync_SameMessageIdOtherBytes_IsAConflictThatKeepsBothBodies()
    {
        var store = new BlobRawPayloadStore(_blobs);
        var messageId = "msg-" + Guid.NewGuid().ToString("N")[..8];
        var receivedAt = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
        var first = await store.SaveAsync("canonical", messageId, receivedAt, BinaryData.FromString("""{"amount":10}"""), CancellationToken.None);

        var conflict = await Assert.ThrowsAsync<RawPayloadConflictException>(
            () => store.SaveAsync("canonical", messageId, receivedAt, BinaryData.FromString("""{"amount":99}"""), CancellationToken.None));

        Assert.Equal(first, conflict.BlobName);
        Assert.StartsWith($"canonical/2026/12/07/{messageId}.conflict-", conflict.KeptAs, StringComparison.Ordinal);
        Assert.Equal("""{"amount":10}""", (await store.ReadAsync(first, CancellationToken.None)).ToString());
        Assert.Equal("""{"amount":99}""", (await store.ReadAsync(conflict.KeptAs, CancellationToken.None)).ToString());
    }

    [Fact]
    public async Task SaveAsync_MessageIdWithSlashes_StaysInOneBlobAndDoesNotCollide()
    {
        // Arrange
        var store = new BlobRawPayloadStore(_blobs);
        var at = DateTimeOffset.UtcNow;

        // Act
        var slashed = await store.SaveAsync("concur", "a/b", at, BinaryData.FromString("1"), CancellationToken.None);
        var underscored = await store.SaveAsync("concur", "a_b", at, BinaryData.FromString("2"), CancellationToken.None);

        // Assert
        Assert.Equal(5, slashed.Split('/').Length);
        Assert.NotEqual(slashed, underscored);
        Assert.Equal("1", (await store.ReadAsync(slashed, CancellationToken.None)).ToString());
    }

    [Fact]
    public async Task SaveAsync_Receipt_StoresSha256AndContentTypeThatReadBack()
    {
        // Arrange
        var store = new BlobAttachmentStore(_blobs);
        var bytes = RandomNumberGenerator.GetBytes(100_000);
        var reportId = "RPT-" + Guid.NewGuid().ToString("N")[..8];

        // Act
        var name = new ReceiptName("concur", reportId, 1, 2, "taxi receipt.pdf");
        var saved = await store.SaveAsync(name, "application/pdf", BinaryData.FromBytes(bytes), CancellationToken.None);
        var again = await store.SaveAsync(name, "application/pdf", BinaryData.FromBytes(bytes), CancellationToken.None);
        var read = await store.GetAsync(saved.BlobName, CancellationToken.None);

        // Assert
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), saved.Sha256);
        Assert.Equal(bytes.Length, saved.Length);
        Assert.StartsWith($"concur/{reportId}/v1/2-{saved.Sha256}/taxi", saved.BlobName, StringComparison.Ordinal);
        Assert.Equal(saved, again);
        Assert.Equal(saved, read);
        var content = await _blobs.GetBlobContainerClient("attachments").GetBlobClient(saved.BlobName).DownloadContentAsync();
        Assert.Equal(bytes, content.Value.Content.ToArray());
    }

    [Fact]
    public async Task GetAsync_MissingReceipt_ReturnsNull()
    {
        Assert.Null(await new BlobAttachmentStore(_blobs).GetAsync("concur/none/0-none.pdf", CancellationToken.None));
    }
}
