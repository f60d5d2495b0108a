using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Posting;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;

namespace FinanceFlow.Workflows.Tests.ReportPipeline;

public sealed class ProcessExpenseReportTests
{
    private static readonly ProcessReportInput Input = new(
        "canonical", "R-1001", 1, "canonical/2026/11/20/msg_1.json", "msg_1",
        new DateTimeOffset(2026, 11, 20, 16, 0, 0, TimeSpan.Zero), "canonical-webhook", new PostingRetryPlan(3, 1, 2, 10));

    private readonly Mock<TaskOrchestrationContext> _context = new();
    private readonly List<string> _calls = [];
    private readonly List<object?> _inputs = [];
    private readonly List<object?> _statuses = [];
    private readonly List<OutcomeRequest> _outcomes = [];

    public ProcessExpenseReportTests()
    {
        _context.SetupGet(c => c.InstanceId).Returns("expense:canonical:R-1001:v1");
        _context.SetupGet(c => c.CurrentUtcDateTime).Returns(new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc));
        _context.Protected().SetupGet<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        _context.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(NullLogger.Instance);
        ActivityPrepareSteps.Route(_context);
        _context.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback<object?>(_statuses.Add);

        var report = SampleReports.Dinner();
        Returns(nameof(ReportActivities.NormalizeReport), new NormalizeResult(report, []));
        Returns(nameof(EnrichmentActivities.EnrichReport), new EnrichResult([], [], Governed: false));
        Returns<IReadOnlyList<Finding>>(nameof(ReportActivities.CheckPolicy), []);
        Returns(nameof(AttachmentActivities.StoreAttachments), new AttachmentsResult([], []));
        Returns(nameof(JournalActivities.BuildJournal), new JournalResult([SampleReports.Journal()], []));
        Returns(nameof(ErpActivities.PostToErp), new PostingOutcome(true, "FF-CANONICAL-R-1001", null, false));
        Returns(nameof(OutcomeActivities.RecordStatus), true);
        Returns(nameof(OutcomeActivities.NotifySource), "Delivered");
        Returns(nameof(OutcomeActivities.RecordOutcome), true);
    }

    [Fact]
    public async Task RunAsync_CleanReport_PostsAndFansOutOnce()
    {
        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.Posted, result.Outcome);
        Assert.Equal("FF-CANONICAL-R-1001", result.ErpDocumentNumber);
        Assert.Equal(60.00m, result.TotalAmount);
        Assert.Equal(
            ["NormalizeReport", "EnrichReport", "CheckPolicy", "StoreAttachments", "BuildJournal", "PostToErp", "RecordStatus", "NotifySource", "RecordOutcome"],
            _calls);
        Assert.All(_outcomes, o => Assert.Equal(ReportOutcome.Posted, o.Result.Outcome));
    }

    [Fact]
    public async Task RunAsync_ErpTakesFiles_PutsTheStoredReceiptsOnTheConfirmedDocument()
    {
        var receipt = new Attachment(0, "dinner.pdf", "application/pdf", "1", InlineContent: true, Url: null, BlobName: "canonical/R-1001/v1/0-aa/dinner.pdf");
        var confirmation = new ErpConfirmation("GJ00042", PostingDate: new DateOnly(2026, 11, 20), InternalId: "9f3c");
        Returns(nameof(AttachmentActivities.StoreAttachments), new AttachmentsResult([receipt], []));
        Returns(nameof(ErpActivities.PostToErp), new PostingOutcome(true, "GJ00042", null, false, Confirmation: confirmation, TakesReceipts: true));
        Returns(nameof(ErpActivities.AttachReceipts), new AttachReceiptsResult(true, 1, []));

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.Posted, result.Outcome);
        var request = Assert.IsType<AttachReceiptsRequest>(_inputs[_calls.IndexOf("AttachReceipts")]);
        Assert.Equal((confirmation, receipt), (request.Document, Assert.Single(request.Receipts)));
        var document = Assert.Single(result.Documents!);
        Assert.Equal((new DateOnly(2026, 11, 20), (IReadOnlyList<string>?)null), (document.PostingDate, document.Warnings));
        Assert.DoesNotContain(result.Findings, f => f.Code == "erp-receipt-not-attached");
    }

    [Fact]
    public async Task RunAsync_ErpDoesNotTakeTheReceiptsAfterRetries_StaysPostedWithAWarning()
    {
        var receipt = new Attachment(0, "dinner.pdf", "application/pdf", "1", InlineContent: true, Url: null, BlobName: "canonical/R-1001/v1/0-aa/dinner.pdf");
        Returns(nameof(AttachmentActivities.StoreAttachments), new AttachmentsResult([receipt], []));
        Returns(nameof(ErpActivities.PostToErp), new PostingOutcome(true, "GJ00042", null, false, TakesReceipts: true));
        _context.Setup(c => c.CallActivityAsync<AttachReceiptsResult>(It.Is<TaskName>(n => n.Name == "AttachReceipts"), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback(() => _calls.Add("AttachReceipts"))
            .ThrowsAsync(new TaskFailedException("AttachReceipts", 9, new TaskFailureDetails(typeof(ErpUnavailableException).FullName!, "Business Central answered 503", null, null, null)));

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal((ReportOutcome.Posted, "GJ00042"), (result.Outcome, result.ErpDocumentNumber));
        var warning = Assert.Single(result.Findings, f => f.Code == "erp-receipt-not-attached");
        Assert.Equal(FindingSeverity.Warning, warning.Severity);
        Assert.Contains("Business Central answered 503", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Business Central answered 503", Assert.Single(Assert.Single(result.Documents!).Warnings!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ErpPostsWithANoteAndRefusesAReceipt_EachWarningUnderItsOwnCode()
    {
        // hledger posts a VendorBill entity's journal as a journal entry and says so; that is not a receipt the ERP refused.
        var receipt = new Attachment(0, "dinner.pdf", "application/pdf", "1", InlineContent: true, Url: null, BlobName: "canonical/R-1001/v1/0-aa/dinner.pdf");
        Returns(nameof(AttachmentActivities.StoreAttachments), new AttachmentsResult([receipt], []));
        Returns(nameof(ErpActivities.PostToErp), new PostingOutcome(
            true, "GJ00042", null, false, Warnings: ["US01 books vendor bills; hledger keeps journal entries only, so this was posted as a journal entry."], TakesReceipts: true));
        Returns(nameof(ErpActivities.AttachReceipts), new AttachReceiptsResult(true, 0, ["dinner.pdf: too large"]));

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.Posted, result.Outcome);
        var note = Assert.Single(result.Findings, f => f.Code == "erp-posted-with-note");
        Assert.Equal((FindingSeverity.Warning, (string?)null), (note.Severity, note.Path));
        Assert.Contains("keeps journal entries only", note.Message, StringComparison.Ordinal);
        var refused = Assert.Single(result.Findings, f => f.Code == "erp-receipt-not-attached");
        Assert.Equal(("/attachments", true), (refused.Path, refused.Message.Contains("dinner.pdf: too large", StringComparison.Ordinal)));
        Assert.Equal(2, Assert.Single(result.Documents!).Warnings!.Count);
    }

    [Fact]
    public async Task RunAsync_ErpTakesNoFiles_NoAttachStepEvenWithReceipts()
    {
        var receipt = new Attachment(0, "dinner.pdf", "application/pdf", "1", InlineContent: true, Url: null, BlobName: "canonical/R-1001/v1/0-aa/dinner.pdf");
        Returns(nameof(AttachmentActivities.StoreAttachments), new AttachmentsResult([receipt], []));

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.Posted, result.Outcome);
        Assert.DoesNotContain("AttachReceipts", _calls);
    }

    [Fact]
    public async Task RunAsync_MasterDataMissing_WaitsAsAwaitingMasterDataWithoutPolicyOrPosting()
    {
        var missing = new Finding("expense-type-unmapped", "Expense type `Coworking` has no GL account for entity US01.", "/lines/0/expenseType");
        Returns(nameof(EnrichmentActivities.EnrichReport), new EnrichResult([], [missing], Governed: true));

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.AwaitingMasterData, result.Outcome);
        Assert.Equal([missing], result.Findings);
        Assert.Equal(["NormalizeReport", "EnrichReport", "RecordStatus", "NotifySource", "RecordOutcome"], _calls);
    }

    [Fact]
    public async Task RunAsync_TwoEntitiesOneLedgerFails_PostsTheOtherAndFailsNamingTheEntity()
    {
        var us = SampleReports.Journal() with { Ledger = "us01" };
        var de = SampleReports.Journal("FF-CANONICAL-R-1001.DE01") with { LegalEntity = "DE01", Ledger = "de01", Currency = "EUR" };
        Returns(nameof(JournalActivities.BuildJournal), new JournalResult([us, de], []));
        _context.Setup(c => c.CallActivityAsync<PostingOutcome>(It.Is<TaskName>(n => n.Name == "PostToErp"), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync((TaskName _, object? input, TaskOptions? _) => ((PostRequest)input!).Entry.LegalEntity == "DE01"
                ? new PostingOutcome(false, null, "Ledger 'de01' of entity DE01 is not configured: set FinanceFlow:Erp:Ledgers:de01:BaseUrl.", false)
                : new PostingOutcome(true, "FF-CANONICAL-R-1001", null, false));

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.PostingFailed, result.Outcome);
        Assert.Equal(["FF-CANONICAL-R-1001", null], result.Documents!.Select(d => d.DocumentNumber));
        Assert.Equal("DE01: Not posted: Ledger 'de01' of entity DE01 is not configured: set FinanceFlow:Erp:Ledgers:de01:BaseUrl.", result.FailureReason);
    }

    [Fact]
    public async Task RunAsync_OneEntitysAnswerLostWithoutAnAuthoritativeRead_EndsPostingInDoubtNotFailed()
    {
        var us = SampleReports.Journal() with { Ledger = "us01" };
        var de = SampleReports.Journal("FF-CANONICAL-R-1001.DE01") with { LegalEntity = "DE01", Ledger = "de01", Currency = "EUR" };
        Returns(nameof(JournalActivities.BuildJournal), new JournalResult([us, de], []));
        _context.Setup(c => c.CallActivityAsync<PostingOutcome>(It.Is<TaskName>(n => n.Name == "PostToErp"), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync((TaskName _, object? input, TaskOptions? _) => ((PostRequest)input!).Entry.LegalEntity == "DE01"
                ? new PostingOutcome(false, null, "In doubt: hledger-web did not answer within 10 s.", false, PostingFlag.InDoubt)
                : new PostingOutcome(true, "FF-CANONICAL-R-1001", null, false));

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.PostingInDoubt, result.Outcome);
        Assert.Equal("DE01: In doubt: hledger-web did not answer within 10 s.", result.FailureReason);
        Assert.All(_outcomes, o => Assert.Equal(ReportOutcome.PostingInDoubt, o.Result.Outcome));
    }

    [Fact]
    public async Task RunAsync_OneEntityInDoubtAndAnotherRefused_EndsPostingFailed()
    {
        var us = SampleReports.Journal() with { Ledger = "us01" };
        var de = SampleReports.Journal("FF-CANONICAL-R-1001.DE01") with { LegalEntity = "DE01", Ledger = "de01", Currency = "EUR" };
        Returns(nameof(JournalActivities.BuildJournal), new JournalResult([us, de], []));
        _context.Setup(c => c.CallActivityAsync<PostingOutcome>(It.Is<TaskName>(n => n.Name == "PostToErp"), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync((TaskName _, object? input, TaskOptions? _) => ((PostRequest)input!).Entry.LegalEntity == "DE01"
                ? new PostingOutcome(false, null, "In doubt: reset.", false, PostingFlag.InDoubt)
                : new PostingOutcome(false, null, "account closed", false));

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.PostingFailed, result.Outcome);
        Assert.Equal("US01: Not posted: account closed DE01: In doubt: reset.", result.FailureReason);
    }

    [Theory]
    [InlineData("FinanceFlow.Connectors.Erp.ErpUnavailableException", true)]
    [InlineData("FinanceFlow.Connectors.Erp.ErpOutcomeUnknownException", true)]
    [InlineData("FinanceFlow.Workflows.Posting.PostingInProgressException", true)]
    [InlineData("FinanceFlow.Infrastructure.Postings.PostingLeaseLostException", true)]
    [InlineData("FinanceFlow.Workflows.Posting.PostingStorageUnavailableException", true)]
    [InlineData("System.InvalidOperationException", false)]
    public void IsTransientFailure_EachFault_RetriedOnlyWhenALaterAttemptMayPass(string type, bool retried)
    {
        Assert.Equal(retried, PostingStep.IsTransientFailure(new TaskFailureDetails(type, "x", null, null, null)));
    }

    [Fact]
    public async Task RunAsync_CleanReport_PreparedPostedAndRecordedInOneActivityThenCompleted()
    {
        var activities = new List<string>();
        _context.Setup(c => c.CallActivityAsync<PreparedReport>(It.Is<TaskName>(n => n.Name == nameof(PrepareActivities.PrepareReport)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((name, input, _) =>
            {
                activities.Add(name.Name);
                return PrepareFlow.RunAsync(new ActivityPrepareSteps(_context.Object), (PrepareRequest)input!, CancellationToken.None);
            });

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.Posted, result.Outcome);
        Assert.Equal([nameof(PrepareActivities.PrepareReport)], activities);
        Assert.Equal(
            [ReportStage.Normalizing, ReportStage.Notifying, ReportStage.Completed],
            _statuses.OfType<ReportProgress>().Select(p => p.Stage));
    }

    [Fact]
    public async Task RunAsync_PostingRetriedByTheRun_ShowsEachStageInCustomStatus()
    {
        var attempts = 0;
        _context.Setup(c => c.CallActivityAsync<PostingOutcome>(It.Is<TaskName>(n => n.Name == "PostToErp"), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(() => attempts++ == 0
                ? Task.FromException<PostingOutcome>(new InvalidOperationException("ERP away"))
                : Task.FromResult(new PostingOutcome(true, "FF-CANONICAL-R-1001", null, false)));

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.Posted, result.Outcome);
        Assert.Equal(
            [ReportStage.Normalizing, ReportStage.StoringAttachments, ReportStage.BuildingJournal, ReportStage.Posting, ReportStage.Notifying, ReportStage.Completed],
            _statuses.OfType<ReportProgress>().Select(p => p.Stage));
    }

    [Fact]
    public async Task RunAsync_PolicyError_RejectsWithoutPosting()
    {
        var finding = new Finding("approver-is-submitter", "Ada approved her own report.", "/approvals/0");
        Returns<IReadOnlyList<Finding>>(nameof(ReportActivities.CheckPolicy), [finding]);

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.Rejected, result.Outcome);
        Assert.Equal(finding, Assert.Single(result.Findings));
        Assert.DoesNotContain("PostToErp", _calls);
        Assert.DoesNotContain("StoreAttachments", _calls);
        Assert.Contains("NotifySource", _calls);
    }

    [Fact]
    public async Task RunAsync_PolicyWarningOnly_StillPosts()
    {
        Returns<IReadOnlyList<Finding>>(nameof(ReportActivities.CheckPolicy), [new Finding("late", "Submitted late.", null, FindingSeverity.Warning)]);

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.Posted, result.Outcome);
        Assert.Single(result.Findings);
    }

    [Fact]
    public async Task RunAsync_RefusedReceipt_RejectsWithTheReceiptFinding()
    {
        Returns(nameof(AttachmentActivities.StoreAttachments), new AttachmentsResult([], [new Finding("receipt-type-not-allowed", "Not a PDF.", "/attachments/0")]));

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.Rejected, result.Outcome);
        Assert.Equal("receipt-type-not-allowed", Assert.Single(result.Findings).Code);
        Assert.DoesNotContain("PostToErp", _calls);
    }

    [Fact]
    public async Task RunAsync_ErpUnreachableThroughRetries_EndsPostingFailedWithCause()
    {
        _context.Setup(c => c.CallActivityAsync<PostingOutcome>(It.Is<TaskName>(n => n.Name == "PostToErp"), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback(() => _calls.Add("PostToErp"))
            .ThrowsAsync(new TaskFailedException("PostToErp", 5, new TaskFailureDetails(typeof(ErpUnavailableException).FullName!, "Connection refused (127.0.0.1:5055)", null, null, null)));

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.PostingFailed, result.Outcome);
        Assert.Contains("Connection refused", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("3 attempts", result.FailureReason, StringComparison.Ordinal);
        Assert.Null(result.ErpDocumentNumber);
        Assert.All(_outcomes, o => Assert.Equal(ReportOutcome.PostingFailed, o.Result.Outcome));
    }

    [Fact]
    public async Task RunAsync_PostingHeldByAWorkerThatDied_WaitsOutItsLeaseDurablyThenPosts()
    {
        var attempts = 0;
        _context.Setup(c => c.CallActivityAsync<PostingOutcome>(It.Is<TaskName>(n => n.Name == "PostToErp"), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback(() => _calls.Add("PostToErp"))
            .Returns(() => attempts++ < 2
                ? Task.FromException<PostingOutcome>(new TaskFailedException("PostToErp", 5, new TaskFailureDetails(
                    typeof(PostingInProgressException).FullName!, "FF-CANONICAL-R-1001 is being posted by another worker until 2026-11-26T00:00:30Z", null, null, null)))
                : Task.FromResult(new PostingOutcome(true, "FF-CANONICAL-R-1001", null, false)));
        var timers = new List<DateTime>();
        _context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Callback((DateTime at, CancellationToken _) => timers.Add(at)).Returns(Task.CompletedTask);

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.Posted, result.Outcome);
        Assert.Equal([new DateTime(2026, 11, 26, 0, 0, 30, DateTimeKind.Utc)], timers);

        // The prepare step's attempt, the run's first (held), the one after the wait.
        Assert.Equal(3, _calls.Count(c => c == "PostToErp"));
    }

    [Fact]
    public async Task RunAsync_StorageAwayDuringPosting_WaitsForItDurablyThenPostsWithoutBlamingTheErp()
    {
        var attempts = 0;
        _context.Setup(c => c.CallActivityAsync<PostingOutcome>(It.Is<TaskName>(n => n.Name == "PostToErp"), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback(() => _calls.Add("PostToErp"))
            .Returns(() => attempts++ < 4
                ? Task.FromException<PostingOutcome>(StorageAway())
                : Task.FromResult(new PostingOutcome(true, "FF-CANONICAL-R-1001", null, false)));
        var timers = new List<DateTime>();
        _context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Callback((DateTime at, CancellationToken _) => timers.Add(at)).Returns(Task.CompletedTask);

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.Posted, result.Outcome);
        Assert.Equal(3, timers.Count);

        // The prepare step's attempt, then the run's: three waited out, the fourth posts.
        Assert.Equal(5, _calls.Count(c => c == "PostToErp"));
    }

    [Fact]
    public async Task RunAsync_StorageAwayThroughEveryWait_EndsPostingFailedNamingStorageNotTheErp()
    {
        _context.Setup(c => c.CallActivityAsync<PostingOutcome>(It.Is<TaskName>(n => n.Name == "PostToErp"), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback(() => _calls.Add("PostToErp"))
            .Returns(() => Task.FromException<PostingOutcome>(StorageAway()));
        _context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.PostingFailed, result.Outcome);
        Assert.True(PostingFailures.IsStorageUnreachable(result.FailureReason), result.FailureReason);
        Assert.False(PostingFailures.IsErpUnreachable(result.FailureReason), result.FailureReason);
        // The prepare step's attempt, then the run's first and one after each of its twenty waits.
        Assert.Equal(22, _calls.Count(c => c == "PostToErp"));
    }

    private static TaskFailedException StorageAway() => new("PostToErp", 5, new TaskFailureDetails(
        typeof(PostingStorageUnavailableException).FullName!, "FinanceFlow's storage could not be reached while posting: Connection refused (127.0.0.1:10002)", null, null, null));

    [Fact]
    public async Task RunAsync_ErpBusinessRejection_EndsPostingFailedWithErpReason()
    {
        Returns(nameof(ErpActivities.PostToErp), new PostingOutcome(false, null, "account expenses:meals is closed", false));

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.PostingFailed, result.Outcome);
        Assert.Contains("account expenses:meals is closed", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CallbackFails_OutcomeStandsAndStatusIsRecorded()
    {
        _context.Setup(c => c.CallActivityAsync<string>(It.Is<TaskName>(n => n.Name == "NotifySource"), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ThrowsAsync(new TaskFailedException("NotifySource", 7, new TaskFailureDetails("System.Net.Http.HttpRequestException", "503", null, null, null)));

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.Posted, result.Outcome);
        Assert.Contains("RecordStatus", _calls);
        Assert.Contains("RecordOutcome", _calls);
    }

    [Fact]
    public async Task RunAsync_SourceWithItsOwnJournal_HandsItToBuildJournalAndKeepsNormalizeWarnings()
    {
        var sourceJournal = SampleReports.Journal("FF-CONCUR-R-1001");
        var warning = new Finding("expensify-total-mismatch", "Total differs from the lines.", "/total", FindingSeverity.Warning);
        Returns(nameof(ReportActivities.NormalizeReport), new NormalizeResult(SampleReports.Dinner(), [warning], sourceJournal));
        JournalRequest? seen = null;
        _context.Setup(c => c.CallActivityAsync<JournalResult>(It.Is<TaskName>(n => n.Name == "BuildJournal"), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((_, input, _) => seen = (JournalRequest)input!)
            .ReturnsAsync(new JournalResult([sourceJournal], []));

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Same(sourceJournal, seen?.SourceJournal);
        Assert.Equal(ReportOutcome.Posted, result.Outcome);
        Assert.Contains(warning, result.Findings);
    }

    [Fact]
    public async Task RunAsync_Posting_UsesTheRetryPlanFromTheInput()
    {
        // The prepare step's attempt finds the ERP away; the run posts with its retry plan.
        TaskOptions? postingOptions = null;
        var attempts = 0;
        _context.Setup(c => c.CallActivityAsync<PostingOutcome>(It.Is<TaskName>(n => n.Name == "PostToErp"), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((_, _, options) => postingOptions = options)
            .Returns(() => attempts++ == 0
                ? Task.FromException<PostingOutcome>(new ErpUnavailableException("down"))
                : Task.FromResult(new PostingOutcome(true, "DOC", null, false)));

        await ProcessExpenseReport.RunAsync(_context.Object, Input);

        var policy = postingOptions?.Retry?.Policy;
        Assert.NotNull(policy);
        Assert.Equal(3, policy.MaxNumberOfAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), policy.FirstRetryInterval);
        Assert.True(PostingStep.IsTransientFailure(new TaskFailureDetails(typeof(ErpUnavailableException).FullName!, "down", null, null, null)));
        Assert.False(PostingStep.IsTransientFailure(new TaskFailureDetails(typeof(InvalidOperationException).FullName!, "bug", null, null, null)));
    }

    [Fact]
    public async Task RunAsync_CardLineNamingABookedTransaction_ClearsItInTheJournalAndMarksItMatchedAfterPosting()
    {
        var report = CardReport();
        Returns(nameof(ReportActivities.NormalizeReport), new NormalizeResult(report, []));
        var t1 = new CardTransactionRef("US01", "T1");
        Returns(nameof(CardMatchActivities.MatchCardTransactions), new CardMatchResult([t1], []));
        Returns(nameof(CardMatchActivities.MarkCardTransactionsMatched), 1);

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.Posted, result.Outcome);
        Assert.Equal(
            ["NormalizeReport", "EnrichReport", "CheckPolicy", "StoreAttachments", "MatchCardTransactions", "BuildJournal", "PostToErp", "MarkCardTransactionsMatched", "RecordStatus", "NotifySource", "RecordOutcome"],
            _calls);
        Assert.Equal(["T1"], Assert.Single(_inputs.OfType<JournalRequest>()).ClearedCardTransactions!);
        Assert.Equal([t1], Assert.Single(_inputs.OfType<CardMatchedRequest>()).Transactions);
    }

    [Fact]
    public async Task RunAsync_CardLineNamingAnUnknownTransaction_CreditsTheCardPayableAndRecordsItReportedAfterPosting()
    {
        Returns(nameof(ReportActivities.NormalizeReport), new NormalizeResult(CardReport(), []));
        var unknown = new Finding(CardMatching.Unknown, "Card transaction T1 is not known in entity US01 yet.", "/lines/0/cardTransactionId", FindingSeverity.Warning);
        var reported = new ReportedCardTransaction(new CardTransactionRef("US01", "T1"), 41.94m, "USD", "E100", new DateOnly(2026, 11, 2), "Blue Bottle");
        Returns(nameof(CardMatchActivities.MatchCardTransactions), new CardMatchResult([], [unknown]) { Reported = [reported] });
        Returns(nameof(CardMatchActivities.MarkCardTransactionsMatched), 1);

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.Posted, result.Outcome);
        Assert.Contains(unknown, result.Findings);
        Assert.Empty(Assert.Single(_inputs.OfType<JournalRequest>()).ClearedCardTransactions!);
        var marked = Assert.Single(_inputs.OfType<CardMatchedRequest>());
        Assert.Empty(marked.Transactions);
        Assert.Equal([reported], marked.Reported);
        Assert.True(_calls.IndexOf("PostToErp") < _calls.IndexOf("MarkCardTransactionsMatched"));
    }

    [Fact]
    public async Task RunAsync_CardTransactionMatchedToAnotherReport_RejectsWithoutBuildingOrPosting()
    {
        Returns(nameof(ReportActivities.NormalizeReport), new NormalizeResult(CardReport(), []));
        var elsewhere = new Finding(CardMatching.MatchedElsewhere, "Card transaction T1 is already matched to report canonical/R-9.", "/lines/0/cardTransactionId");
        Returns(nameof(CardMatchActivities.MatchCardTransactions), new CardMatchResult([], [elsewhere]));

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.Rejected, result.Outcome);
        Assert.Contains(elsewhere, result.Findings);
        Assert.DoesNotContain("BuildJournal", _calls);
        Assert.DoesNotContain("PostToErp", _calls);
    }

    [Fact]
    public async Task RunAsync_CardTransactionPostingFails_DoesNotMarkItMatched()
    {
        Returns(nameof(ReportActivities.NormalizeReport), new NormalizeResult(CardReport(), []));
        Returns(nameof(CardMatchActivities.MatchCardTransactions), new CardMatchResult([new CardTransactionRef("US01", "T1")], []));
        Returns(nameof(ErpActivities.PostToErp), new PostingOutcome(false, null, "closed period", false));

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        Assert.Equal(ReportOutcome.PostingFailed, result.Outcome);
        Assert.DoesNotContain("MarkCardTransactionsMatched", _calls);
    }

    private static ExpenseReport CardReport()
    {
        var report = SampleReports.Dinner();
        return report with { Lines = [report.Lines[0] with { PaymentType = PaymentType.CompanyCard, CardTransactionId = "T1" }] };
    }

    private static readonly Finding NoReceipt = new("receipt-required", "Line '1' is 120.00 USD, above the 75 USD receipt threshold, and has no receipt.", "/lines/0", Overridable: true);

    private static readonly ProcessReportInput Waiting = Input with { ExceptionWait = new ExceptionWaitPlan(5, 1) };

    private const string ExceptionId = "expense:canonical:R-1001:v1:0";

    [Fact]
    public async Task RunAsync_OnlyOverridableFindingsAndApproved_WaitsThenPostsWithTheFindingAsAWarningNamingTheResolver()
    {
        // Thursday 26 November: 5 business days later is Thursday 3 December; the reminder goes one business day before.
        Returns<IReadOnlyList<Finding>>(nameof(ReportActivities.CheckPolicy), [NoReceipt]);
        WaitingSteps();
        var timers = Timers(fire: false);
        Decisions(new ExceptionResolution(ExceptionId, "approve-override", "Receipt lost; hotel confirmed by phone.", "controller@example.com", Now));

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Waiting);

        Assert.Equal(ReportOutcome.Posted, result.Outcome);
        var open = Assert.IsType<OpenExceptionRequest>(_inputs[_calls.IndexOf(nameof(OutcomeActivities.OpenException))]);
        Assert.Equal((ExceptionId, ReportOutcome.AwaitingResolution), (open.Exception.Id, open.Result.Outcome));
        Assert.Equal((new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero)), (open.Exception.RemindAt, open.Exception.Deadline));
        Assert.Equal([("employee", "E100"), ("submitter", "E100"), ("approver", "M200")], open.Exception.Parties.Select(p => (p.Role, p.Id)));
        Assert.Equal([new DateTime(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc)], timers);
        var overridden = Assert.Single(result.Findings, f => f.Code == "receipt-required");
        Assert.Equal(FindingSeverity.Warning, overridden.Severity);
        Assert.Contains("Overridden by controller@example.com", overridden.Message, StringComparison.Ordinal);
        Assert.Contains("hotel confirmed by phone", overridden.Message, StringComparison.Ordinal);
        var resolved = Assert.IsType<ExceptionStepRequest>(_inputs[_calls.IndexOf(nameof(OutcomeActivities.RecordExceptionStep))]);
        Assert.Equal(("controller@example.com", "approve-override"), (resolved.Step.Actor, resolved.Resolution!.Action));
        Assert.True(_calls.IndexOf(nameof(OutcomeActivities.OpenException)) < _calls.IndexOf(nameof(AttachmentActivities.StoreAttachments)));
        Assert.Contains(_statuses, s => s is ReportProgress { Stage: ReportStage.AwaitingResolution });
        Assert.Contains(nameof(ErpActivities.PostToErp), _calls);
    }

    [Fact]
    public async Task RunAsync_DecisionAboutAnEarlierRound_IgnoredUntilOneAboutThisException()
    {
        Returns<IReadOnlyList<Finding>>(nameof(ReportActivities.CheckPolicy), [NoReceipt]);
        WaitingSteps();
        Timers(fire: false);
        Decisions(
            new ExceptionResolution("expense:canonical:R-1001:v1:7", "reject", "stale double click", "controller@example.com", Now),
            new ExceptionResolution(ExceptionId, "approve-override", "ok", "controller@example.com", Now));

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Waiting);

        Assert.Equal(ReportOutcome.Posted, result.Outcome);
    }

    [Fact]
    public async Task RunAsync_Rejected_EndsRejectedWithTheReasonAndNothingPosted()
    {
        Returns<IReadOnlyList<Finding>>(nameof(ReportActivities.CheckPolicy), [NoReceipt]);
        WaitingSteps();
        Timers(fire: false);
        Decisions(new ExceptionResolution(ExceptionId, "reject", "No receipt, no reimbursement.", "controller@example.com", Now));

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Waiting);

        Assert.Equal(ReportOutcome.Rejected, result.Outcome);
        var rejected = Assert.Single(result.Findings, f => f.Code == "exception-rejected");
        Assert.Equal("Rejected by controller@example.com: No receipt, no reimbursement.", rejected.Message);
        Assert.DoesNotContain(nameof(ErpActivities.PostToErp), _calls);
        Assert.Contains(nameof(OutcomeActivities.NotifySource), _calls);
    }

    [Fact]
    public async Task RunAsync_NobodyDecides_ReminderThenRejectedAtTheDeadline()
    {
        Returns<IReadOnlyList<Finding>>(nameof(ReportActivities.CheckPolicy), [NoReceipt]);
        WaitingSteps();
        var timers = Timers(fire: true);
        _context.Setup(c => c.WaitForExternalEvent<ExceptionResolution>("ExceptionResolved", It.IsAny<CancellationToken>()))
            .Returns(new TaskCompletionSource<ExceptionResolution>().Task);

        var result = await ProcessExpenseReport.RunAsync(_context.Object, Waiting);

        Assert.Equal(ReportOutcome.Rejected, result.Outcome);
        Assert.Contains(result.Findings, f => f.Code == "exception-timed-out" && f.Message.Contains("5 business days", StringComparison.Ordinal));
        Assert.Equal([new DateTime(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 3, 0, 0, 0, DateTimeKind.Utc)], timers);
        var steps = _inputs.OfType<ExceptionStepRequest>().ToList();
        Assert.Equal([(true, (ExceptionResolution?)null), (false, null)], steps.Select(s => (s.Reminder, s.Resolution)));
        Assert.DoesNotContain(nameof(ErpActivities.PostToErp), _calls);
    }

    [Fact]
    public async Task RunAsync_FixAndRetry_ContinuesAsNewWithTheNextRoundAndDropsLeftOverDecisions()
    {
        Returns<IReadOnlyList<Finding>>(nameof(ReportActivities.CheckPolicy), [NoReceipt]);
        WaitingSteps();
        Timers(fire: false);
        Decisions(new ExceptionResolution(ExceptionId, "fix-and-retry", null, "ops@example.com", Now));
        object? next = null;
        _context.Setup(c => c.ContinueAsNew(It.IsAny<object?>(), false)).Callback<object?, bool>((input, _) => next = input);

        await ProcessExpenseReport.RunAsync(_context.Object, Waiting);

        Assert.Equal(1, Assert.IsType<ProcessReportInput>(next).ExceptionRound);
        Assert.DoesNotContain(nameof(ErpActivities.PostToErp), _calls);
        Assert.DoesNotContain(nameof(OutcomeActivities.RecordStatus), _calls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunAsync_DataErrorBesideTheOverridableOneOrWaitingOff_RejectedAtOnce(bool dataError)
    {
        Returns<IReadOnlyList<Finding>>(nameof(ReportActivities.CheckPolicy),
            dataError ? [NoReceipt, new Finding("lines-do-not-sum", "The lines add up to 50 but totalAmount is 60.", "/totalAmount")] : [NoReceipt]);

        var result = await ProcessExpenseReport.RunAsync(_context.Object, dataError ? Waiting : Input);

        Assert.Equal(ReportOutcome.Rejected, result.Outcome);
        Assert.DoesNotContain(nameof(OutcomeActivities.OpenException), _calls);
    }

    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private void WaitingSteps()
    {
        Returns(nameof(OutcomeActivities.OpenException), true);
        Returns(nameof(OutcomeActivities.RecordExceptionStep), true);
    }

    /// <summary>Durable timers that fire at once or never; the times they were set for.</summary>
    private List<DateTime> Timers(bool fire)
    {
        var set = new List<DateTime>();
        _context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Callback<DateTime, CancellationToken>((at, _) => set.Add(at))
            .Returns(() => fire ? Task.CompletedTask : new TaskCompletionSource().Task);
        return set;
    }

    private void Decisions(params ExceptionResolution[] decisions)
    {
        var sequence = _context.SetupSequence(c => c.WaitForExternalEvent<ExceptionResolution>("ExceptionResolved", It.IsAny<CancellationToken>()));
        foreach (var decision in decisions)
        {
            sequence = sequence.ReturnsAsync(decision);
        }
    }

    private void Returns<T>(string activity, T value) =>
        _context.Setup(c => c.CallActivityAsync<T>(It.Is<TaskName>(n => n.Name == activity), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((name, input, _) =>
            {
                _calls.Add(name.Name);
                _inputs.Add(input);
                if (input is OutcomeRequest outcome)
                {
                    _outcomes.Add(outcome);
                }
            })
            .ReturnsAsync(value);
}
