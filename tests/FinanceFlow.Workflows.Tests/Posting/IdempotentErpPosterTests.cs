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
    private const long Generation = 4;
    private readonly Mock<IErpConnector> _erp = new();
    private readonly Mock<IPostingStore> _store = new();
    private readonly List<string> _calls = [];
    private readonly JournalEntry _entry = SampleReports.Journal(Reference);

    public IdempotentErpPosterTests()
    {
        _erp.SetupGet(e => e.Name).Returns("hledger");
        _erp.SetupGet(e => e.HasAuthoritativeLookup).Returns(true);
        _store.Setup(s => s.MarkSendingAsync(It.IsAny<string>(), It.IsAny<long>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Callback(() => _calls.Add("fence"))
            .ReturnsAsync(Record(PostingState.Sending, JournalHash.Compute(_entry), null));
        _store.Setup(s => s.SettleAsync(It.IsAny<string>(), It.IsAny<long>(), It.IsAny<PostingState>(), It.IsAny<string?>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Callback((string _, long _, PostingState state, string? _, string? _, CancellationToken _) => _calls.Add("settle " + state))
            .ReturnsAsync(Record(PostingState.Posted, JournalHash.Compute(_entry), Reference));
    }

    [Fact]
    public async Task PostAsync_LedgerNotConfigured_RefusesWithTheSettingToFixAndSendsNothing()
    {
        var outcome = await Poster().PostAsync(_entry with { Ledger = "fr01", LegalEntity = "FR01" }, "instance-1", CancellationToken.None);

        Assert.False(outcome.Accepted);
        Assert.Equal("Ledger 'fr01' of entity FR01 is not configured: set FinanceFlow:Erp:Ledgers:fr01:BaseUrl.", outcome.Reason);
        VerifyNothingSent();
        _store.Verify(s => s.ClaimAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<PostingTarget>(), It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task PostAsync_FirstAttempt_PassesTheFenceSendsOnceAndRecordsTheDocumentUnderItsGeneration()
    {
        Claim(ClaimOutcome.Claimed, PostingState.Intent);
        Sends(new ErpPostingResult(true, "DOC-1", null));

        var outcome = await Poster().PostAsync(_entry, "instance-1", CancellationToken.None);

        Assert.Equal((true, "DOC-1", false), (outcome.Accepted, outcome.DocumentNumber, outcome.AlreadyPosted));
        Assert.Equal(["fence", "send", "settle Posted"], _calls);
        _store.Verify(s => s.SettleAsync(Reference, Generation, PostingState.Posted, "DOC-1", null, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task PostAsync_LeaseTakenOverBeforeTheSend_SendsNothing()
    {
        Claim(ClaimOutcome.Claimed, PostingState.Intent);
        _store.Setup(s => s.MarkSendingAsync(Reference, Generation, It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new PostingLeaseLostException("taken over by instance-2"));

        await Assert.ThrowsAsync<PostingLeaseLostException>(() => Poster().PostAsync(_entry, "instance-1", CancellationToken.None));

        VerifyNothingSent();
    }

    [Fact]
    public async Task PostAsync_AlreadyPostedSameBooks_SendsNothingAndReturnsTheDocument()
    {
        Claim(ClaimOutcome.AlreadyPosted, PostingState.Posted, JournalHash.Compute(_entry), "DOC-1");

        var outcome = await Poster().PostAsync(_entry, "instance-1", CancellationToken.None);

        Assert.Equal((true, true, "DOC-1"), (outcome.Accepted, outcome.AlreadyPosted, outcome.DocumentNumber));
        VerifyNothingSent();
    }

    [Fact]
    public async Task PostAsync_AlreadyPostedNewVersionOnlyRenamed_IsTheSamePostingWithoutAskingTheLedger()
    {
        Claim(ClaimOutcome.AlreadyPosted, PostingState.Posted, JournalHash.Compute(_entry), "DOC-1");

        var outcome = await Poster().PostAsync(_entry with { Description = "canonical report R-1001 v2 | Client dinner (renamed)" }, "instance-2", CancellationToken.None);

        Assert.Equal((true, true), (outcome.Accepted, outcome.AlreadyPosted));
        _erp.Verify(e => e.FindDocumentAsync(It.IsAny<JournalEntry>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task PostAsync_RowHashedBeforeIssue11AndAVersionThatBooksTheSame_ComparesWithTheLedgerAndIsTheSamePosting()
    {
        // The stored hash covered the description "… v1"; version 2 books the same.
        Claim(ClaimOutcome.AlreadyPosted, PostingState.Posted, JournalHash.ComputeWholeEntry(_entry), "DOC-1");
        _erp.Setup(e => e.FindDocumentAsync(It.IsAny<JournalEntry>(), It.IsAny<CancellationToken>())).ReturnsAsync(new ErpDocumentLookup("DOC-1", 1, [], true));

        var outcome = await Poster().PostAsync(_entry with { Description = "canonical report R-1001 v2 | Client dinner" }, "instance-2", CancellationToken.None);

        Assert.Equal((true, true), (outcome.Accepted, outcome.AlreadyPosted));
        VerifyNothingSent();
    }

    [Fact]
    public async Task PostAsync_RowHashedBeforeIssue11AndOtherAmounts_RefusesASecondPosting()
    {
        Claim(ClaimOutcome.AlreadyPosted, PostingState.Posted, JournalHash.ComputeWholeEntry(_entry), "DOC-1");
        var changed = _entry with { Lines = [_entry.Lines[0] with { Debit = 65.00m }, _entry.Lines[1], _entry.Lines[2] with { Credit = 70.00m }] };

        var outcome = await Poster().PostAsync(changed, "instance-2", CancellationToken.None);

        Assert.False(outcome.Accepted);
        Assert.Contains("reversal", outcome.Reason, StringComparison.Ordinal);
        _erp.Verify(e => e.FindDocumentAsync(It.IsAny<JournalEntry>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task PostAsync_AlreadyPostedDifferentBooks_RefusesASecondPosting()
    {
        Claim(ClaimOutcome.AlreadyPosted, PostingState.Posted, JournalHash.Prefix + "another", "DOC-1");

        var outcome = await Poster().PostAsync(_entry, "instance-2", CancellationToken.None);

        Assert.False(outcome.Accepted);
        Assert.Contains("DOC-1", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("reversal", outcome.Reason, StringComparison.Ordinal);
        VerifyNothingSent();
    }

    [Fact]
    public async Task PostAsync_InDoubtAndTheLedgerHoldsTheSameBooks_RecordsItAndDoesNotResend()
    {
        Claim(ClaimOutcome.ClaimedInDoubt, PostingState.Sending);
        _erp.Setup(e => e.FindDocumentAsync(_entry, It.IsAny<CancellationToken>())).ReturnsAsync(new ErpDocumentLookup(Reference, 1, [], true));

        var outcome = await Poster().PostAsync(_entry, "instance-1", CancellationToken.None);

        Assert.Equal((true, true), (outcome.Accepted, outcome.AlreadyPosted));
        VerifyNothingSent();
        _store.Verify(s => s.SettleAsync(Reference, Generation, PostingState.Posted, Reference, null, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task PostAsync_InDoubtAndTheLedgerHoldsOtherBooks_FlagsItAndNeitherRecordsNorSends()
    {
        Claim(ClaimOutcome.ClaimedInDoubt, PostingState.Sending);
        _erp.Setup(e => e.FindDocumentAsync(_entry, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ErpDocumentLookup(Reference, 1, ["our line expenses:meals 55.00 USD is not in the ledger", "the ledger's line expenses:meals 65.00 USD is not ours"], true));

        var outcome = await Poster().PostAsync(_entry, "instance-1", CancellationToken.None);

        Assert.Equal((false, PostingFlag.LedgerDiffers, Reference), (outcome.Accepted, outcome.Flag, outcome.DocumentNumber));
        Assert.Contains("expenses:meals 65.00 USD", outcome.Reason, StringComparison.Ordinal);
        VerifyNothingSent();
        _store.Verify(s => s.SettleAsync(Reference, Generation, PostingState.LedgerDiffers, Reference, It.Is<string>(d => d.Contains("65.00", StringComparison.Ordinal)), It.IsAny<CancellationToken>()), Times.Once);
        _store.Verify(s => s.SettleAsync(It.IsAny<string>(), It.IsAny<long>(), PostingState.Posted, It.IsAny<string?>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task PostAsync_InDoubtAndAnAuthoritativeReadFindsNothing_SendsOnce()
    {
        Claim(ClaimOutcome.ClaimedInDoubt, PostingState.InDoubt);
        _erp.Setup(e => e.FindDocumentAsync(_entry, It.IsAny<CancellationToken>())).ReturnsAsync(ErpDocumentLookup.NotFound(authoritative: true));
        Sends(new ErpPostingResult(true, Reference, null));

        var outcome = await Poster().PostAsync(_entry, "instance-1", CancellationToken.None);

        Assert.Equal((true, false), (outcome.Accepted, outcome.AlreadyPosted));
        Assert.Equal(["fence", "send", "settle Posted"], _calls);
    }

    [Fact]
    public async Task PostAsync_InDoubtAndOnlyANonAuthoritativeReadFindsNothing_StaysInDoubtAndSendsNothing()
    {
        Claim(ClaimOutcome.ClaimedInDoubt, PostingState.InDoubt, detail: "hledger-web did not answer within 10 s");
        _erp.SetupGet(e => e.HasAuthoritativeLookup).Returns(false);
        _erp.Setup(e => e.FindDocumentAsync(_entry, It.IsAny<CancellationToken>())).ReturnsAsync(ErpDocumentLookup.NotFound(authoritative: false));

        var outcome = await Poster().PostAsync(_entry, "instance-1", CancellationToken.None);

        Assert.Equal((false, PostingFlag.InDoubt), (outcome.Accepted, outcome.Flag));
        Assert.StartsWith("In doubt: hledger-web did not answer within 10 s.", outcome.Reason, StringComparison.Ordinal);
        VerifyNothingSent();
        Assert.Equal(["settle InDoubt"], _calls);
        _store.Verify(s => s.SettleAsync(Reference, Generation, PostingState.InDoubt, null, "hledger-web did not answer within 10 s", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task PostAsync_LeaseHeldByAnotherWorker_ThrowsSoTheRetryPolicyWaits()
    {
        Claim(ClaimOutcome.HeldByAnother, PostingState.Sending);

        await Assert.ThrowsAsync<PostingInProgressException>(() => Poster().PostAsync(_entry, "instance-1", CancellationToken.None));
        VerifyNothingSent();
    }

    [Fact]
    public async Task PostAsync_ErpConfirmsMoreThanTheNumber_PassesTheConfirmationAndWarningsOn()
    {
        Claim(ClaimOutcome.Claimed, PostingState.Intent);
        var confirmation = new ErpConfirmation("100000012", "2026", new DateOnly(2026, 11, 26), new Uri("https://erp.example.com/doc/100000012"));
        Sends(new ErpPostingResult(true, "100000012", null, confirmation, ["receipt.pdf was not attached: 413"]));

        var outcome = await Poster().PostAsync(_entry, "instance-1", CancellationToken.None);

        Assert.Equal((true, "100000012", confirmation), (outcome.Accepted, outcome.DocumentNumber, outcome.Confirmation));
        Assert.Equal(["receipt.pdf was not attached: 413"], outcome.Warnings);
    }

    [Fact]
    public async Task PostAsync_ErpRefusesOurCredentials_VisibleRejectionNotARetryAndBackToIntent()
    {
        Claim(ClaimOutcome.Claimed, PostingState.Intent);
        _erp.Setup(e => e.PostAsync(_entry, It.IsAny<CancellationToken>()))
            .Callback(() => _calls.Add("send"))
            .ThrowsAsync(new ErpAuthenticationException("Business Central refused FinanceFlow's credentials for POST journals (403 Forbidden): Authorization_InsufficientPermissions"));

        var outcome = await Poster().PostAsync(_entry, "instance-1", CancellationToken.None);

        Assert.Equal((false, PostingFlag.None), (outcome.Accepted, outcome.Flag));
        Assert.StartsWith("Business Central refused FinanceFlow's credentials", outcome.Reason, StringComparison.Ordinal);
        Assert.EndsWith("Fix the ledger's credentials, then resubmit the report.", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(["fence", "send", "settle Intent"], _calls);
    }

    [Fact]
    public async Task PostAsync_InDoubtAndTheReadIsRefusedItsCredentials_StaysInDoubtAndSendsNothing()
    {
        Claim(ClaimOutcome.ClaimedInDoubt, PostingState.InDoubt, detail: "Business Central did not answer within 30 s");
        _erp.Setup(e => e.FindDocumentAsync(_entry, It.IsAny<CancellationToken>())).ThrowsAsync(new ErpAuthenticationException("Business Central refused FinanceFlow's credentials (401)."));

        var outcome = await Poster().PostAsync(_entry, "instance-1", CancellationToken.None);

        Assert.Equal((false, PostingFlag.InDoubt), (outcome.Accepted, outcome.Flag));
        VerifyNothingSent();
        _store.Verify(s => s.SettleAsync(Reference, Generation, PostingState.InDoubt, null, "Business Central did not answer within 30 s", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task PostAsync_ErpRejects_ReturnsTheReasonAndGoesBackToIntent()
    {
        Claim(ClaimOutcome.Claimed, PostingState.Intent);
        Sends(new ErpPostingResult(false, null, "could not parse json"));

        var outcome = await Poster().PostAsync(_entry, "instance-1", CancellationToken.None);

        Assert.Equal((false, "could not parse json", PostingFlag.None), (outcome.Accepted, outcome.Reason, outcome.Flag));
        Assert.Equal(["fence", "send", "settle Intent"], _calls);
    }

    [Fact]
    public async Task PostAsync_ErpNotReachedBeforeSending_GoesBackToIntentAndThrowsForTheRetry()
    {
        Claim(ClaimOutcome.Claimed, PostingState.Intent);
        _erp.Setup(e => e.PostAsync(_entry, It.IsAny<CancellationToken>())).ThrowsAsync(new ErpUnavailableException("connection refused"));

        await Assert.ThrowsAsync<ErpUnavailableException>(() => Poster().PostAsync(_entry, "instance-1", CancellationToken.None));

        _store.Verify(s => s.SettleAsync(Reference, Generation, PostingState.Intent, null, "Not sent: connection refused", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task PostAsync_AnswerLostWithAnAuthoritativeLookup_MarksInDoubtAndThrowsSoTheRetryReadsTheLedgerFirst()
    {
        Claim(ClaimOutcome.Claimed, PostingState.Intent);
        _erp.Setup(e => e.PostAsync(_entry, It.IsAny<CancellationToken>())).ThrowsAsync(new ErpOutcomeUnknownException("did not answer within 10 s"));

        await Assert.ThrowsAsync<ErpOutcomeUnknownException>(() => Poster().PostAsync(_entry, "instance-1", CancellationToken.None));

        _store.Verify(s => s.SettleAsync(Reference, Generation, PostingState.InDoubt, null, "did not answer within 10 s", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task PostAsync_AnswerLostWithoutAnAuthoritativeLookup_IsPostingInDoubtWithoutRetry()
    {
        Claim(ClaimOutcome.Claimed, PostingState.Intent);
        _erp.SetupGet(e => e.HasAuthoritativeLookup).Returns(false);
        _erp.Setup(e => e.PostAsync(_entry, It.IsAny<CancellationToken>())).ThrowsAsync(new ErpOutcomeUnknownException("connection reset after the transaction was sent"));

        var outcome = await Poster().PostAsync(_entry, "instance-1", CancellationToken.None);

        Assert.Equal((false, PostingFlag.InDoubt), (outcome.Accepted, outcome.Flag));
        Assert.Contains("not sent again", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(["fence", "settle InDoubt"], _calls);
        _erp.Verify(e => e.PostAsync(_entry, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task PostAsync_JournalPostedUnderItsReferenceFromBeforeIssue11_KeepsThatReference()
    {
        var entity = _entry with { ExternalReference = "FF-CANONICAL-R-1001.DE01", PreviousReference = "FF-CANONICAL-R-1001-DE01" };
        _store.Setup(s => s.GetAsync("FF-CANONICAL-R-1001-DE01", It.IsAny<CancellationToken>())).ReturnsAsync(Record(PostingState.Posted, "old", "FF-CANONICAL-R-1001-DE01"));
        _store.Setup(s => s.ClaimAsync("FF-CANONICAL-R-1001-DE01", It.IsAny<string>(), "hledger", It.IsAny<PostingTarget>(), It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PostingClaim(ClaimOutcome.AlreadyPosted, Record(PostingState.Posted, JournalHash.Compute(entity with { ExternalReference = "FF-CANONICAL-R-1001-DE01" }), "FF-CANONICAL-R-1001-DE01")));

        var outcome = await Poster().PostAsync(entity, "instance-1", CancellationToken.None);

        Assert.Equal((true, true, "FF-CANONICAL-R-1001-DE01"), (outcome.Accepted, outcome.AlreadyPosted, outcome.DocumentNumber));
        VerifyNothingSent();
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

    private void Sends(ErpPostingResult result) =>
        _erp.Setup(e => e.PostAsync(_entry, It.IsAny<CancellationToken>())).Callback(() => _calls.Add("send")).ReturnsAsync(result);

    private void VerifyNothingSent() => _erp.Verify(e => e.PostAsync(It.IsAny<JournalEntry>(), It.IsAny<CancellationToken>()), Times.Never);

    private void Claim(ClaimOutcome outcome, PostingState state, string? hash = null, string? document = null, string? detail = null) =>
        _store.Setup(s => s.ClaimAsync(Reference, It.IsAny<string>(), "hledger", It.IsAny<PostingTarget>(), It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PostingClaim(outcome, Record(state, hash ?? JournalHash.Compute(_entry), document) with { Detail = detail }));

    private static PostingRecord Record(PostingState state, string hash, string? document) =>
        new(Reference, state, hash, "hledger", "instance-1", document, DateTimeOffset.UnixEpoch, null, DateTimeOffset.UnixEpoch.AddSeconds(30), new PostingTarget(null, "USD", 60.00m), Generation);
}
