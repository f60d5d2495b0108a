using Azure.Data.Tables;
using FinanceFlow.Infrastructure.Postings;
using FinanceFlow.Testing;
using Microsoft.Extensions.Time.Testing;

namespace FinanceFlow.Integration.Tests.Storage;

[Trait("Category", "Integration")]
public sealed class PostingStoreTests(AzuriteProcess azurite) : IClassFixture<AzuriteProcess>
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly PostingTarget Target = new("us01", "USD", 1234.56m);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 3, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly TableServiceClient _tables = new(azurite.ConnectionString);

    [Fact]
    public async Task ListAsync_AfterClaimAndPost_ReturnsTheRowWithItsLedgerAndExactAmount()
    {
        var reference = "FF-TEST-" + Guid.NewGuid().ToString("N")[..8];
        var store = new TablePostingStore(_tables, _clock);
        await store.ClaimAsync(reference, "hash-1", "hledger", new PostingTarget("de01", "EUR", 0.10m + 0.20m), "instance-a", Lease, CancellationToken.None);
        await store.MarkPostedAsync(reference, reference, CancellationToken.None);

        var listed = Assert.Single(await store.ListAsync(CancellationToken.None), p => p.ExternalReference == reference);

        Assert.Equal((PostingState.Posted, new PostingTarget("de01", "EUR", 0.30m)), (listed.State, listed.Target));
    }

    [Fact]
    public async Task ClaimAsync_ThroughLeaseExpiryAndPosting_MovesFromClaimedToAlreadyPosted()
    {
        // Arrange
        var store = new TablePostingStore(_tables, _clock);
        var reference = "CONCUR-" + Guid.NewGuid().ToString("N")[..8];

        // Act / Assert: first worker claims.
        var first = await store.ClaimAsync(reference, "hash-1", "hledger", Target, "instance-a", Lease, CancellationToken.None);
        Assert.Equal(ClaimOutcome.Claimed, first.Outcome);
        Assert.Equal(_clock.GetUtcNow() + Lease, first.Record.LeaseUntil);

        // A second worker is kept out while the lease lives.
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = await store.ClaimAsync(reference, "hash-1", "hledger", Target, "instance-b", Lease, CancellationToken.None);
        Assert.Equal(ClaimOutcome.HeldByAnother, second.Outcome);
        Assert.Equal("instance-a", second.Record.InstanceId);

        // After the lease runs out the next worker takes over, but in doubt.
        _clock.Advance(TimeSpan.FromMinutes(2));
        var third = await store.ClaimAsync(reference, "hash-1", "hledger", Target, "instance-b", Lease, CancellationToken.None);
        Assert.Equal(ClaimOutcome.ClaimedInDoubt, third.Outcome);
        Assert.Equal("instance-b", third.Record.InstanceId);

        // Once posted, nobody sends it again.
        var posted = await store.MarkPostedAsync(reference, reference, CancellationToken.None);
        Assert.Equal(PostingState.Posted, posted.State);
        Assert.Equal(_clock.GetUtcNow(), posted.PostedAt);
        _clock.Advance(TimeSpan.FromHours(1));
        var fourth = await store.ClaimAsync(reference, "hash-1", "hledger", Target, "instance-c", Lease, CancellationToken.None);
        Assert.Equal(ClaimOutcome.AlreadyPosted, fourth.Outcome);
        Assert.Equal(reference, fourth.Record.DocumentNumber);
    }

    [Fact]
    public async Task ClaimAsync_SameInstanceRetryingWithinItsLease_SettlesInDoubtAtOnce()
    {
        // Arrange: the instance's first attempt claimed and then failed (ERP down).
        var store = new TablePostingStore(_tables, _clock);
        var reference = "RETRY-" + Guid.NewGuid().ToString("N")[..8];
        await store.ClaimAsync(reference, "hash", "hledger", Target, "instance-a", Lease, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2));

        // Act: Durable retries the same activity for the same instance.
        var retry = await store.ClaimAsync(reference, "hash", "hledger", Target, "instance-a", Lease, CancellationToken.None);

        // Assert: no wait for the lease, but the ERP must be asked before sending.
        Assert.Equal(ClaimOutcome.ClaimedInDoubt, retry.Outcome);
        Assert.Equal(_clock.GetUtcNow() + Lease, retry.Record.LeaseUntil);
    }

    [Fact]
    public async Task ClaimAsync_TenWorkersAtOnce_ExactlyOneClaims()
    {
        // Arrange
        var reference = "RACE-" + Guid.NewGuid().ToString("N")[..8];

        // Act
        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            new TablePostingStore(_tables, _clock).ClaimAsync(reference, "hash", "hledger", Target, $"instance-{i}", Lease, CancellationToken.None)));

        // Assert
        Assert.Single(claims, c => c.Outcome == ClaimOutcome.Claimed);
        Assert.Equal(9, claims.Count(c => c.Outcome == ClaimOutcome.HeldByAnother));
    }

    [Fact]
    public async Task ClaimAsync_TenWorkersAfterExpiry_ExactlyOneTakesOver()
    {
        // Arrange
        var store = new TablePostingStore(_tables, _clock);
        var reference = "TAKEOVER/" + Guid.NewGuid().ToString("N")[..8];
        await store.ClaimAsync(reference, "hash", "hledger", Target, "crashed", Lease, CancellationToken.None);
        _clock.Advance(Lease + TimeSpan.FromSeconds(1));

        // Act
        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            store.ClaimAsync(reference, "hash", "hledger", Target, $"instance-{i}", Lease, CancellationToken.None)));

        // Assert
        var winner = Assert.Single(claims, c => c.Outcome == ClaimOutcome.ClaimedInDoubt);
        Assert.Equal(winner.Record.InstanceId, (await store.GetAsync(reference, CancellationToken.None))?.InstanceId);
    }

    [Fact]
    public async Task GetAsync_UnknownReference_ReturnsNull()
    {
        Assert.Null(await new TablePostingStore(_tables, _clock).GetAsync("nothing-" + Guid.NewGuid(), CancellationToken.None));
    }
}
