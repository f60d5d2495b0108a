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
        var claim = await store.ClaimAsync(reference, "hash-1", "hledger", new PostingTarget("de01", "EUR", 0.10m + 0.20m), "instance-a", Lease, CancellationToken.None);
        await store.SettleAsync(reference, claim.Record.Generation, PostingState.Posted, reference, null, CancellationToken.None);

        var listed = Assert.Single(await store.ListAsync(CancellationToken.None), p => p.ExternalReference == reference);

        Assert.Equal((PostingState.Posted, new PostingTarget("de01", "EUR", 0.30m)), (listed.State, listed.Target));
    }

    [Fact]
    public async Task ClaimAsync_ThroughLeaseExpirySendAndPosting_MovesFromClaimedToInDoubtToAlreadyPosted()
    {
        // Arrange
        var store = new TablePostingStore(_tables, _clock);
        var reference = "CONCUR-" + Guid.NewGuid().ToString("N")[..8];

        // Act / Assert: first worker claims and starts sending.
        var first = await store.ClaimAsync(reference, "hash-1", "hledger", Target, "instance-a", Lease, CancellationToken.None);
        Assert.Equal((ClaimOutcome.Claimed, 1L), (first.Outcome, first.Record.Generation));
        Assert.Equal(_clock.GetUtcNow() + Lease, first.Record.LeaseUntil);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var sending = await store.MarkSendingAsync(reference, first.Record.Generation, Lease, CancellationToken.None);
        Assert.Equal((PostingState.Sending, _clock.GetUtcNow() + Lease), (sending.State, sending.LeaseUntil));

        // A second worker is kept out while the lease lives.
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = await store.ClaimAsync(reference, "hash-1", "hledger", Target, "instance-b", Lease, CancellationToken.None);
        Assert.Equal(ClaimOutcome.HeldByAnother, second.Outcome);
        Assert.Equal("instance-a", second.Record.InstanceId);

        // After the lease runs out the next worker takes over, in doubt: the first may have reached the ERP.
        _clock.Advance(TimeSpan.FromMinutes(2));
        var third = await store.ClaimAsync(reference, "hash-1", "hledger", Target, "instance-b", Lease, CancellationToken.None);
        Assert.Equal((ClaimOutcome.ClaimedInDoubt, "instance-b", 2L), (third.Outcome, third.Record.InstanceId, third.Record.Generation));

        // Once posted, nobody sends it again.
        var posted = await store.SettleAsync(reference, third.Record.Generation, PostingState.Posted, reference, null, CancellationToken.None);
        Assert.Equal(PostingState.Posted, posted.State);
        Assert.Equal(_clock.GetUtcNow(), posted.PostedAt);
        _clock.Advance(TimeSpan.FromHours(1));
        var fourth = await store.ClaimAsync(reference, "hash-1", "hledger", Target, "instance-c", Lease, CancellationToken.None);
        Assert.Equal(ClaimOutcome.AlreadyPosted, fourth.Outcome);
        Assert.Equal(reference, fourth.Record.DocumentNumber);
    }

    [Fact]
    public async Task ClaimAsync_SameInstanceRetryingAfterNothingWasSent_ClaimsAtOnceWithoutDoubt()
    {
        // Arrange: the instance's first attempt claimed; the ERP refused the connection, so it went back to intent.
        var store = new TablePostingStore(_tables, _clock);
        var reference = "RETRY-" + Guid.NewGuid().ToString("N")[..8];
        var first = await store.ClaimAsync(reference, "hash", "hledger", Target, "instance-a", Lease, CancellationToken.None);
        await store.MarkSendingAsync(reference, first.Record.Generation, Lease, CancellationToken.None);
        await store.SettleAsync(reference, first.Record.Generation, PostingState.Intent, null, "Not sent: connection refused", CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2));

        // Act: Durable retries the same activity for the same instance.
        var retry = await store.ClaimAsync(reference, "hash", "hledger", Target, "instance-a", Lease, CancellationToken.None);

        // Assert: no wait, and no need to ask the ERP: nothing was sent.
        Assert.Equal((ClaimOutcome.Claimed, 2L), (retry.Outcome, retry.Record.Generation));
        Assert.Equal(_clock.GetUtcNow() + Lease, retry.Record.LeaseUntil);
    }

    [Fact]
    public async Task ClaimAsync_SameInstanceWhileItsEarlierAttemptIsStillSending_WaitsForTheLease()
    {
        // Arrange: the earlier attempt died (or still runs) between its send and its answer.
        var store = new TablePostingStore(_tables, _clock);
        var reference = "MIDSEND-" + Guid.NewGuid().ToString("N")[..8];
        var first = await store.ClaimAsync(reference, "hash", "hledger", Target, "instance-a", Lease, CancellationToken.None);
        await store.MarkSendingAsync(reference, first.Record.Generation, Lease, CancellationToken.None);

        // Act
        var retry = await store.ClaimAsync(reference, "hash", "hledger", Target, "instance-a", Lease, CancellationToken.None);
        _clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var later = await store.ClaimAsync(reference, "hash", "hledger", Target, "instance-a", Lease, CancellationToken.None);

        // Assert
        Assert.Equal(ClaimOutcome.HeldByAnother, retry.Outcome);
        Assert.Equal(ClaimOutcome.ClaimedInDoubt, later.Outcome);
    }

    [Fact]
    public async Task LapsedLease_TakenOverByASecondWorker_FirstWorkerCanNeitherSendNorRecord()
    {
        // Arrange: worker A claims; its lease lapses (a long GC pause, a slow ERP) and worker B takes the row over.
        var store = new TablePostingStore(_tables, _clock);
        var reference = "FENCE-" + Guid.NewGuid().ToString("N")[..8];
        var a = await store.ClaimAsync(reference, "hash", "hledger", Target, "worker-a", Lease, CancellationToken.None);
        _clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var b = await store.ClaimAsync(reference, "hash", "hledger", Target, "worker-b", Lease, CancellationToken.None);
        Assert.Equal(a.Record.Generation + 1, b.Record.Generation);

        // Act: A wakes up and tries to send, then to record a posting.
        var send = await Assert.ThrowsAsync<PostingLeaseLostException>(() => store.MarkSendingAsync(reference, a.Record.Generation, Lease, CancellationToken.None));
        var mark = await Assert.ThrowsAsync<PostingLeaseLostException>(() =>
            store.SettleAsync(reference, a.Record.Generation, PostingState.Posted, "DOC-A", null, CancellationToken.None));

        // Assert: both refused with who holds it now; B still sends and records.
        Assert.Contains("taken over by worker-b", send.Message, StringComparison.Ordinal);
        Assert.Contains("neither sends nor records", mark.Message, StringComparison.Ordinal);
        Assert.Equal((PostingState.Intent, "worker-b", (string?)null), await StateAsync(store, reference));
        await store.MarkSendingAsync(reference, b.Record.Generation, Lease, CancellationToken.None);
        await store.SettleAsync(reference, b.Record.Generation, PostingState.Posted, "DOC-B", null, CancellationToken.None);
        Assert.Equal((PostingState.Posted, "worker-b", "DOC-B"), await StateAsync(store, reference));
    }

    [Fact]
    public async Task ClaimSendAndSettle_InOneProcess_OneWriteEachAndNoRead()
    {
        // Arrange
        var requests = new RequestLog();
        var store = new TablePostingStore(PrefixedTables.Counted(azurite.ConnectionString, requests), _clock);
        await store.GetAsync("table-created", CancellationToken.None);
        var reference = "ONE-" + Guid.NewGuid().ToString("N")[..8];

        // Act
        var before = requests.Count;
        var claim = await store.ClaimAsync(reference, "hash", "hledger", Target, "worker-a", Lease, CancellationToken.None);
        await store.MarkSendingAsync(reference, claim.Record.Generation, Lease, CancellationToken.None);
        await store.SettleAsync(reference, claim.Record.Generation, PostingState.Posted, "DOC-1", null, CancellationToken.None);

        // Assert
        Assert.Equal(["POST", "PUT", "PUT"], requests.Methods.Skip(before));
        Assert.Equal((PostingState.Posted, "worker-a", "DOC-1"), await StateAsync(store, reference));
    }

    [Fact]
    public async Task LapsedLease_TakenOverByAnotherProcess_FirstProcessCanNeitherSendNorRecord()
    {
        // Arrange: process A claims and remembers the row it wrote; its lease lapses and process B takes the row over.
        var processA = new TablePostingStore(_tables, _clock);
        var processB = new TablePostingStore(_tables, _clock);
        var reference = "FENCE2-" + Guid.NewGuid().ToString("N")[..8];
        var a = await processA.ClaimAsync(reference, "hash", "hledger", Target, "worker-a", Lease, CancellationToken.None);
        _clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var b = await processB.ClaimAsync(reference, "hash", "hledger", Target, "worker-b", Lease, CancellationToken.None);

        // Act: A's remembered row is stale; its writes must find out, not overwrite B's claim.
        await Assert.ThrowsAsync<PostingLeaseLostException>(() => processA.MarkSendingAsync(reference, a.Record.Generation, Lease, CancellationToken.None));
        await Assert.ThrowsAsync<PostingLeaseLostException>(() =>
            processA.SettleAsync(reference, a.Record.Generation, PostingState.Posted, "DOC-A", null, CancellationToken.None));

        // Assert
        Assert.Equal((ClaimOutcome.Claimed, a.Record.Generation + 1), (b.Outcome, b.Record.Generation));
        Assert.Equal((PostingState.Intent, "worker-b", (string?)null), await StateAsync(processA, reference));
    }

    [Fact]
    public async Task ClaimAsync_ReferenceAnotherProcessPosted_IsAlreadyPostedNotClaimed()
    {
        var reference = "POSTED-" + Guid.NewGuid().ToString("N")[..8];
        var processA = new TablePostingStore(_tables, _clock);
        var a = await processA.ClaimAsync(reference, "hash", "hledger", Target, "worker-a", Lease, CancellationToken.None);
        await processA.SettleAsync(reference, a.Record.Generation, PostingState.Posted, "DOC-A", null, CancellationToken.None);

        var again = await new TablePostingStore(_tables, _clock).ClaimAsync(reference, "hash", "hledger", Target, "worker-b", Lease, CancellationToken.None);

        Assert.Equal((ClaimOutcome.AlreadyPosted, "DOC-A"), (again.Outcome, again.Record.DocumentNumber));
    }

    [Fact]
    public async Task LapsedLease_TakenOverWhileTheFirstWorkerWasSending_FirstCannotRecordItsAnswer()
    {
        // Arrange: A passed the fence and sent; its answer comes after its lease lapsed and B took over.
        var store = new TablePostingStore(_tables, _clock);
        var reference = "LATE-" + Guid.NewGuid().ToString("N")[..8];
        var a = await store.ClaimAsync(reference, "hash", "hledger", Target, "worker-a", Lease, CancellationToken.None);
        await store.MarkSendingAsync(reference, a.Record.Generation, Lease, CancellationToken.None);
        _clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var b = await store.ClaimAsync(reference, "hash", "hledger", Target, "worker-b", Lease, CancellationToken.None);

        // Act / Assert: B must settle it with the ERP (in doubt); A's late answer is not recorded over B's claim.
        Assert.Equal(ClaimOutcome.ClaimedInDoubt, b.Outcome);
        await Assert.ThrowsAsync<PostingLeaseLostException>(() =>
            store.SettleAsync(reference, a.Record.Generation, PostingState.Posted, "DOC-A", null, CancellationToken.None));
        Assert.Equal((PostingState.Sending, "worker-b", (string?)null), await StateAsync(store, reference));
    }

    [Fact]
    public async Task SettleAsync_InDoubtWithItsReason_IsKeptAndClaimedInDoubtByTheNextWorker()
    {
        var store = new TablePostingStore(_tables, _clock);
        var reference = "DOUBT-" + Guid.NewGuid().ToString("N")[..8];
        var a = await store.ClaimAsync(reference, "hash", "hledger", Target, "worker-a", Lease, CancellationToken.None);
        await store.MarkSendingAsync(reference, a.Record.Generation, Lease, CancellationToken.None);

        await store.SettleAsync(reference, a.Record.Generation, PostingState.InDoubt, null, "hledger-web did not answer within 10 s", CancellationToken.None);
        var next = await store.ClaimAsync(reference, "hash", "hledger", Target, "worker-b", Lease, CancellationToken.None);

        Assert.Equal((ClaimOutcome.ClaimedInDoubt, PostingState.InDoubt, "hledger-web did not answer within 10 s"), (next.Outcome, next.Record.State, next.Record.Detail));
    }

    [Fact]
    public async Task ClaimAsync_RowWrittenBeforeFencing_IsInDoubtBecauseItsWorkerMayHaveSent()
    {
        // Arrange: an intent row as the store wrote it before generations were kept.
        var reference = "OLD-" + Guid.NewGuid().ToString("N")[..8];
        var table = _tables.GetTableClient(TablePostingStore.TableName);
        await table.CreateIfNotExistsAsync();
        var start = _clock.GetUtcNow().AddMinutes(-10);
        await table.AddEntityAsync(new TableEntity(reference, "posting")
        {
            ["ExternalReference"] = reference,
            ["State"] = "Intent",
            ["EntryHash"] = "old-hash",
            ["Erp"] = "hledger",
            ["InstanceId"] = "old-run",
            ["CreatedAt"] = start,
            ["LeaseUntil"] = start.AddSeconds(30),
        });

        // Act
        var claim = await new TablePostingStore(_tables, _clock).ClaimAsync(reference, "hash", "hledger", Target, "new-run", Lease, CancellationToken.None);

        // Assert
        Assert.Equal((ClaimOutcome.ClaimedInDoubt, 1L), (claim.Outcome, claim.Record.Generation));
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
        var winner = Assert.Single(claims, c => c.Outcome == ClaimOutcome.Claimed);
        Assert.Equal(winner.Record.InstanceId, (await store.GetAsync(reference, CancellationToken.None))?.InstanceId);
    }

    [Fact]
    public async Task GetAsync_UnknownReference_ReturnsNull()
    {
        Assert.Null(await new TablePostingStore(_tables, _clock).GetAsync("nothing-" + Guid.NewGuid(), CancellationToken.None));
    }

    private static async Task<(PostingState State, string InstanceId, string? Document)> StateAsync(TablePostingStore store, string reference)
    {
        var row = await store.GetAsync(reference, CancellationToken.None);
        return (row!.State, row.InstanceId, row.DocumentNumber);
    }
}
