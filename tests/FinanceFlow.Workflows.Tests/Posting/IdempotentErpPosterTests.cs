using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Posting;
using FinanceFlow.Infrastructure.Postings;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Posting;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FinanceFlow.Workflows.Tests.Posting;

public sealed class IdempotentErpPosterTests
{
    private const string Reference = "FF-CANONICAL-R-1001";
    private readonly Mock<IErpConnector> _erp = new();
    private readonly Mock<IPostingStore> _store = new();
    private readonly JournalEntry _entry = SampleReports.Journal(Reference);

    public IdempotentErpPosterTests()
    {
        _erp.SetupGet(e => e.Name).Returns("hledger");
        _store.Setup(s => s.MarkPostedAsync(Reference, It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string reference, string document, CancellationToken _) => Record(PostingState.Posted, JournalHash.Compute(_entry), document));
    }

    [Fact]
    public async Task PostAsync_LedgerNotConfigured_RefusesWithTheSettingToFixAndSendsNothing()
    {
        var outcome = await Poster().PostAsync(_entry with { Ledger = "fr01", LegalEntity = "FR01" }, "instance-1", CancellationToken.None);

        Assert.False(outcome.Accepted);
        Assert.Equal("Ledger 'fr01' of entity FR01 is not configured: set FinanceFlow:Erp:Ledgers:fr01:BaseUrl.", outcome.Reason);
        _erp.Verify(e => e.PostAsync(It.IsAny<JournalEntry>(), It.IsAny<CancellationToken>()), Times.Never);
        _store.Verify(s => s.ClaimAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<PostingTarget>(), It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task PostAsync_FirstAttempt_SendsOnceAndRecordsTheDocument()
    {
        Claim(ClaimOutcome.Claimed, PostingState.Intent);
        _erp.Setup(e => e.PostAsync(_entry, It.IsAny<CancellationToken>())).ReturnsAsync(new ErpPostingResult(true, "DOC-1", null));

        var outcome = await Poster().PostAsync(_entry, "instance-1", CancellationToken.None);

        Assert.True(outcome.Accepted);
        Assert.Equal("DOC-1", outcome.DocumentNumber);
        Assert.False(outcome.AlreadyPosted);
        _erp.Verify(e => e.PostAsync(_entry, It.IsAny<CancellationToken>()), Times.Once);
        _store.Verify(s => s.MarkPostedAsync(Reference, "DOC-1", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task PostAsync_AlreadyPostedSameEntry_SendsNothingAndReturnsTheDocument()
    {
        Claim(ClaimOutcome.AlreadyPosted, PostingState.Posted, JournalHash.Compute(_entry), "DOC-1");

        var outcome = await Poster().PostAsync(_entry, "instance-1", CancellationToken.None);

        Assert.True(outcome.Accepted);
        Assert.True(outcome.AlreadyPosted);
        Assert.Equal("DOC-1", outcome.DocumentNumber);
        _erp.Verify(e => e.PostAsync(It.IsAny<JournalEntry>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task PostAsync_AlreadyPostedDifferentAmounts_RefusesASecondPosting()
    {
        Claim(ClaimOutcome.AlreadyPosted, PostingState.Posted, "another-hash", "DOC-1");

        var outcome = await Poster().PostAsync(_entry, "instance-2", CancellationToken.None);

        Assert.False(outcome.Accepted);
        Assert.Contains("DOC-1", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("reversal", outcome.Reason, StringComparison.Ordinal);
        _erp.Verify(e => e.PostAsync(It.IsAny<JournalEntry>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task PostAsync_CrashAfterSending_FindsItInTheLedgerAndDoesNotResend()
    {
        Claim(ClaimOutcome.ClaimedInDoubt, PostingState.Intent);
        _erp.Setup(e => e.FindDocumentAsync(Reference, It.IsAny<CancellationToken>())).ReturnsAsync(Reference);

        var outcome = await Poster().PostAsync(_entry, "instance-1", CancellationToken.None);

        Assert.True(outcome.Accepted);
        Assert.True(outcome.AlreadyPosted);
        _erp.Verify(e => e.PostAsync(It.IsAny<JournalEntry>(), It.IsAny<CancellationToken>()), Times.Never);
        _store.Verify(s => s.MarkPostedAsync(Reference, Reference, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task PostAsync_CrashBeforeSending_SendsOnce()
    {
        Claim(ClaimOutcome.ClaimedInDoubt, PostingState.Intent);
        _erp.Setup(e => e.FindDocumentAsync(Reference, It.IsAny<CancellationToken>())).ReturnsAsync((string?)null);
        _erp.Setup(e => e.PostAsync(_entry, It.IsAny<CancellationToken>())).ReturnsAsync(new ErpPostingResult(true, Reference, null));

        var outcome = await Poster().PostAsync(_entry, "instance-1", CancellationToken.None);

        Assert.True(outcome.Accepted);
        Assert.False(outcome.AlreadyPosted);
        _erp.Verify(e => e.PostAsync(_entry, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task PostAsync_LeaseHeldByAnotherWorker_ThrowsSoTheRetryPolicyWaits()
    {
        Claim(ClaimOutcome.HeldByAnother, PostingState.Intent);

        await Assert.ThrowsAsync<PostingInProgressException>(() => Poster().PostAsync(_entry, "instance-1", CancellationToken.None));
        _erp.Verify(e => e.PostAsync(It.IsAny<JournalEntry>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task PostAsync_ErpRejects_ReturnsTheReasonAndRecordsNoDocument()
    {
        Claim(ClaimOutcome.Claimed, PostingState.Intent);
        _erp.Setup(e => e.PostAsync(_entry, It.IsAny<CancellationToken>())).ReturnsAsync(new ErpPostingResult(false, null, "could not parse json"));

        var outcome = await Poster().PostAsync(_entry, "instance-1", CancellationToken.None);

        Assert.False(outcome.Accepted);
        Assert.Equal("could not parse json", outcome.Reason);
        _store.Verify(s => s.MarkPostedAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private IdempotentErpPoster Poster() =>
        new(Ledgers(), _store.Object, TestOptions.FinanceFlow(), NullLogger<IdempotentErpPoster>.Instance);

    private IErpLedgers Ledgers()
    {
        var ledgers = new Mock<IErpLedgers>();
        ledgers.Setup(l => l.IsConfigured(It.Is<string?>(name => name == null || name == "de01"))).Returns(true);
        ledgers.Setup(l => l.For(It.IsAny<string?>())).Returns(_erp.Object);
        return ledgers.Object;
    }

    private void Claim(ClaimOutcome outcome, PostingState state, string? hash = null, string? document = null) =>
        _store.Setup(s => s.ClaimAsync(Reference, It.IsAny<string>(), "hledger", It.IsAny<PostingTarget>(), It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PostingClaim(outcome, Record(state, hash ?? JournalHash.Compute(_entry), document)));

    private static PostingRecord Record(PostingState state, string hash, string? document) =>
        new(Reference, state, hash, "hledger", "instance-1", document, DateTimeOffset.UnixEpoch, null, DateTimeOffset.UnixEpoch.AddSeconds(30));
}
