using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Posting;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;

namespace FinanceFlow.Workflows.Tests.Cards;

public sealed class ProcessCardBatchTests
{
    private static readonly ProcessCardBatchInput Input = new(
        "US01", "B-1", "cards/2026/11/26/msg-evt-1.json", "evt-1", new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero), "/feeds/amex", new PostingRetryPlan(3, 1, 2, 10));

    private static readonly JournalEntry Entry = new(
        "FF-CARDS-US01-B-1", "US01", new DateOnly(2026, 11, 25), "USD", "card batch B-1 | AMEX Corporate statement 2026-11-25",
        [new JournalLine(AccountRole.CardClearing, "assets:card-clearing", 75.50m, 0m), new JournalLine(AccountRole.CardPayable, "liabilities:card", 0m, 75.50m)]);

    private readonly Mock<TaskOrchestrationContext> _context = new();
    private readonly List<string> _calls = [];
    private readonly List<object?> _inputs = [];

    public ProcessCardBatchTests()
    {
        _context.SetupGet(c => c.InstanceId).Returns("cards:US01:B-1");
        _context.Protected().SetupGet<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        _context.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(NullLogger.Instance);
        Returns(nameof(CardBatchActivities.RecordCardTransactions), new CardBatchRecorded("USD", 2, 75.50m, []));
        Returns(nameof(CardBatchActivities.BuildCardJournal), new CardJournalResult(Entry, [], Governed: false));
        Returns(nameof(ErpActivities.PostToErp), new PostingOutcome(true, "FF-CARDS-US01-B-1", null, false));
        Returns(nameof(CardBatchActivities.MarkCardBatchPosted), 2);
        Returns(nameof(CardBatchActivities.RecordCardBatchOutcome), true);
    }

    [Fact]
    public async Task RunAsync_CleanBatch_RecordsBuildsPostsMarksAndRecordsItsRow()
    {
        var result = await ProcessCardBatch.RunAsync(_context.Object, Input);

        Assert.Equal((ReportOutcome.Posted, "FF-CARDS-US01-B-1", 2, 75.50m), (result.Outcome, result.DocumentNumber, result.TransactionCount, result.Total));
        Assert.Equal(["RecordCardTransactions", "BuildCardJournal", "PostToErp", "MarkCardBatchPosted", "RecordCardBatchOutcome"], _calls);
        var posted = Assert.Single(_inputs.OfType<PostRequest>());
        Assert.Equal(("cards", "US01:B-1", Entry), (posted.Step.Source, posted.Step.ReportId, posted.Entry));
        Assert.Equal("FF-CARDS-US01-B-1", Assert.Single(_inputs.OfType<CardBatchPostedRequest>()).DocumentNumber);
        Assert.Equal(ReportOutcome.Posted, Assert.Single(_inputs.OfType<CardBatchOutcomeRequest>()).Result.Outcome);
    }

    [Fact]
    public async Task RunAsync_TransactionAReportBookedBeforeTheFeed_PostsTheOthersAndMarksOnlyThemPosted()
    {
        Returns(nameof(CardBatchActivities.BuildCardJournal), new CardJournalResult(Entry, [], Governed: false) { LeftOut = ["T9"] });

        var result = await ProcessCardBatch.RunAsync(_context.Object, Input);

        Assert.Equal((ReportOutcome.Posted, "FF-CARDS-US01-B-1"), (result.Outcome, result.DocumentNumber));
        Assert.Equal(["T9"], Assert.Single(_inputs.OfType<CardBatchPostedRequest>()).LeftOut);
        Assert.Equal(["T9"], Assert.Single(_inputs.OfType<CardBatchOutcomeRequest>()).Result.LeftOut);
    }

    [Fact]
    public async Task RunAsync_ReportsBookedEveryTransaction_EndsPostedWithoutAJournalAndSaysSo()
    {
        var nothing = new Finding(CardBatchSettlement.NothingToPost, "Every transaction of batch B-1 was already credited to the card payable by its expense report.", "/transactions", FindingSeverity.Warning);
        Returns(nameof(CardBatchActivities.BuildCardJournal), new CardJournalResult(null, [nothing], Governed: false) { LeftOut = ["T9", "T10"], NothingToPost = true });

        var result = await ProcessCardBatch.RunAsync(_context.Object, Input);

        Assert.Equal((ReportOutcome.Posted, null), (result.Outcome, result.DocumentNumber));
        Assert.Contains(nothing, result.Findings);
        Assert.Equal(["RecordCardTransactions", "BuildCardJournal", "RecordCardBatchOutcome"], _calls);
    }

    [Fact]
    public async Task RunAsync_CardRoleUnmapped_EndsAwaitingMasterDataNamingTheMappingWithoutPosting()
    {
        var missing = new Finding("account-role-unmapped", "Account role CardClearing has no account for entity US01: add the account-roles mapping CardClearing.", "/legalEntity");
        Returns(nameof(CardBatchActivities.BuildCardJournal), new CardJournalResult(null, [missing], Governed: true));

        var result = await ProcessCardBatch.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.AwaitingMasterData, result.Outcome);
        Assert.Equal([missing], result.Findings);
        Assert.Equal(["RecordCardTransactions", "BuildCardJournal", "RecordCardBatchOutcome"], _calls);
    }

    [Fact]
    public async Task RunAsync_TransactionBookedByAnotherBatch_RejectsBeforeBuilding()
    {
        var duplicate = new Finding(CardBatchActivities.DuplicateTransaction, "Card transaction T1 is already booked by batch B-0.", "/transactions/0/transactionId");
        Returns(nameof(CardBatchActivities.RecordCardTransactions), new CardBatchRecorded("USD", 2, 75.50m, [duplicate]));

        var result = await ProcessCardBatch.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.Rejected, result.Outcome);
        Assert.Equal(["RecordCardTransactions", "RecordCardBatchOutcome"], _calls);
    }

    [Fact]
    public async Task RunAsync_ErpUnreachableThroughEveryRetry_EndsPostingFailedAndLeavesTransactionsOutOfTheLedger()
    {
        _context.Setup(c => c.CallActivityAsync<PostingOutcome>(It.Is<TaskName>(n => n.Name == "PostToErp"), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((name, _, _) => _calls.Add(name.Name))
            .ThrowsAsync(new TaskFailedException("PostToErp", 7, new TaskFailureDetails(typeof(ErpUnavailableException).FullName!, "hledger-web down", null, null, null)));

        var result = await ProcessCardBatch.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.PostingFailed, result.Outcome);
        Assert.Contains("hledger-web down", result.FailureReason, StringComparison.Ordinal);
        // Worded as the watchdog knows it, so it runs the batch again once the ERP is back.
        Assert.True(PostingFailures.IsErpUnreachable(result.FailureReason), result.FailureReason);
        Assert.DoesNotContain("MarkCardBatchPosted", _calls);
    }

    [Fact]
    public async Task RunAsync_PostingHeldByAWorkerThatDied_WaitsOutItsLeaseDurablyThenPostsAndMarks()
    {
        var attempts = 0;
        _context.Setup(c => c.CallActivityAsync<PostingOutcome>(It.Is<TaskName>(n => n.Name == "PostToErp"), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((name, _, _) => _calls.Add(name.Name))
            .Returns(() => attempts++ == 0
                ? Task.FromException<PostingOutcome>(new TaskFailedException("PostToErp", 5, new TaskFailureDetails(
                    typeof(PostingInProgressException).FullName!, "FF-CARDS-US01-B-1 is being posted by another worker until 2026-11-26T09:00:30Z", null, null, null)))
                : Task.FromResult(new PostingOutcome(true, "FF-CARDS-US01-B-1", null, false)));
        _context.SetupGet(c => c.CurrentUtcDateTime).Returns(new DateTime(2026, 11, 26, 9, 0, 0, DateTimeKind.Utc));
        var timers = new List<DateTime>();
        _context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Callback((DateTime at, CancellationToken _) => timers.Add(at)).Returns(Task.CompletedTask);

        var result = await ProcessCardBatch.RunAsync(_context.Object, Input);

        Assert.Equal((ReportOutcome.Posted, "FF-CARDS-US01-B-1"), (result.Outcome, result.DocumentNumber));
        Assert.Equal([new DateTime(2026, 11, 26, 9, 0, 30, DateTimeKind.Utc)], timers);
        Assert.Equal(["RecordCardTransactions", "BuildCardJournal", "PostToErp", "PostToErp", "MarkCardBatchPosted", "RecordCardBatchOutcome"], _calls);
    }

    [Fact]
    public async Task RunAsync_AnswerLostWithoutAnAuthoritativeRead_EndsPostingInDoubtAndMarksNothing()
    {
        Returns(nameof(ErpActivities.PostToErp), new PostingOutcome(false, null, "In doubt: hledger-web did not answer within 10 s.", false, PostingFlag.InDoubt));

        var result = await ProcessCardBatch.RunAsync(_context.Object, Input);

        Assert.Equal((ReportOutcome.PostingInDoubt, "In doubt: hledger-web did not answer within 10 s."), (result.Outcome, result.FailureReason));
        Assert.DoesNotContain("MarkCardBatchPosted", _calls);
    }

    private void Returns<T>(string activity, T value) =>
        _context.Setup(c => c.CallActivityAsync<T>(It.Is<TaskName>(n => n.Name == activity), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((name, input, _) =>
            {
                _calls.Add(name.Name);
                _inputs.Add(input);
            })
            .ReturnsAsync(value);
}
