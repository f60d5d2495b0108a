using FinanceFlow.Core.Messaging;
using FinanceFlow.Core.Model;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Posting;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;

namespace FinanceFlow.Workflows.Tests.StatusFanOut;

/// <summary>The orchestration's status fan-out with a mocked context: each target on its own, one down does not touch the other or the result.</summary>
public sealed class ProcessExpenseReportFanOutTests
{
    private static readonly StatusTargetPlan Queue = new(0, "StorageQueue expense-status", 4, 1, 2, 10);
    private static readonly StatusTargetPlan Payroll = new(1, "payroll-webhook", 3, 2, 2, 30);

    private static readonly ProcessReportInput Input = new(
        "canonical", "R-1001", 1, "canonical/2026/11/20/msg_1.json", "msg_1",
        new DateTimeOffset(2026, 11, 20, 16, 0, 0, TimeSpan.Zero), "canonical-webhook", new PostingRetryPlan(3, 1, 2, 10), [Queue, Payroll]);

    private readonly Mock<TaskOrchestrationContext> _context = new();
    private readonly List<(PublishStatusRequest Request, TaskOptions? Options)> _published = [];
    private readonly List<PublishFailure> _failures = [];

    public ProcessExpenseReportFanOutTests()
    {
        _context.SetupGet(c => c.InstanceId).Returns("expense:canonical:R-1001:v1");
        _context.SetupGet(c => c.CurrentUtcDateTime).Returns(new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc));
        _context.Protected().SetupGet<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        _context.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(NullLogger.Instance);
        ActivityPrepareSteps.Route(_context);

        Returns(nameof(ReportActivities.NormalizeReport), new NormalizeResult(SampleReports.Dinner(), []));
        Returns(nameof(EnrichmentActivities.EnrichReport), new EnrichResult([], [], Governed: false));
        Returns<IReadOnlyList<Finding>>(nameof(ReportActivities.CheckPolicy), []);
        Returns(nameof(AttachmentActivities.StoreAttachments), new AttachmentsResult([], []));
        Returns(nameof(JournalActivities.BuildJournal), new JournalResult([SampleReports.Journal()], []));
        Returns(nameof(ErpActivities.PostToErp), new PostingOutcome(true, "FF-CANONICAL-R-1001", null, false));
        Returns(nameof(OutcomeActivities.RecordStatus), true);
        Returns(nameof(OutcomeActivities.NotifySource), "Delivered");
        Returns(nameof(OutcomeActivities.RecordOutcome), true);

        // The payroll webhook stays down: the activity fails after its Durable retries.
        _context.Setup(c => c.CallActivityAsync<string>(It.Is<TaskName>(n => n.Name == nameof(StatusFanOutActivities.PublishStatus)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? options) =>
            {
                var request = (PublishStatusRequest)input!;
                _published.Add((request, options));
                return request.Target.Index == Payroll.Index
                    ? Task.FromException<string>(new TaskFailedException("PublishStatus", 11, new TaskFailureDetails("System.Net.Http.HttpRequestException", "payroll answered 503", null, null, null)))
                    : Task.FromResult("queue expense-status, message 1");
            });
        _context.Setup(c => c.CallActivityAsync<bool>(It.Is<TaskName>(n => n.Name == nameof(StatusFanOutActivities.RecordPublishFailed)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((_, input, _) => _failures.Add((PublishFailure)input!))
            .ReturnsAsync(true);
    }

    [Fact]
    public async Task RunAsync_TwoTargetsOneDown_OtherGetsAcceptedThenPostedAndResultIsUnchanged()
    {
        // Act
        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        // Assert: the report is posted as without fan-out.
        Assert.Equal(ReportOutcome.Posted, result.Outcome);
        Assert.Equal("FF-CANONICAL-R-1001", result.ErpDocumentNumber);

        // The queue got both events, in order, with deterministic ids and the posted document.
        var queue = _published.Where(p => p.Request.Target == Queue).Select(p => p.Request.Event).ToList();
        Assert.Equal([StatusEventTypes.Accepted, StatusEventTypes.Posted], queue.Select(e => e.Type));
        Assert.Equal(["expense:canonical:R-1001:v1:accepted", "expense:canonical:R-1001:v1:posted"], queue.Select(e => e.Id));
        Assert.Equal("FF-CANONICAL-R-1001", Assert.Single(queue[1].Data.Documents).ErpDocument);

        // The payroll webhook was tried for both events and got a Failed row for each, naming it.
        Assert.Equal(2, _published.Count(p => p.Request.Target == Payroll));
        Assert.Equal([StatusEventTypes.Accepted, StatusEventTypes.Posted], _failures.Select(f => f.Event.Type));
        Assert.All(_failures, f => Assert.Equal(Payroll, f.Target));
        Assert.All(_failures, f => Assert.Equal("payroll answered 503", f.Error));
    }

    [Fact]
    public async Task RunAsync_EachTarget_PublishesWithItsOwnRetryPolicy()
    {
        // Act
        await ProcessExpenseReport.RunAsync(_context.Object, Input);

        // Assert
        var queuePolicy = _published.First(p => p.Request.Target == Queue).Options?.Retry?.Policy;
        var payrollPolicy = _published.First(p => p.Request.Target == Payroll).Options?.Retry?.Policy;
        Assert.Equal(4, queuePolicy?.MaxNumberOfAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), queuePolicy?.FirstRetryInterval);
        Assert.Equal(3, payrollPolicy?.MaxNumberOfAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2), payrollPolicy?.FirstRetryInterval);
    }

    [Fact]
    public async Task RunAsync_PolicyRejects_PublishesRejectedWithTheFindings()
    {
        // Arrange
        var finding = new Finding("approver-is-submitter", "Ada approved her own report.", "/approvals/0");
        Returns<IReadOnlyList<Finding>>(nameof(ReportActivities.CheckPolicy), [finding]);

        // Act
        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input);

        // Assert
        Assert.Equal(ReportOutcome.Rejected, result.Outcome);
        var rejected = _published.Where(p => p.Request.Target == Queue).Select(p => p.Request.Event).Last();
        Assert.Equal(StatusEventTypes.Rejected, rejected.Type);
        Assert.Equal(finding, Assert.Single(rejected.Data.Findings));
        Assert.Empty(rejected.Data.Documents);
    }

    [Fact]
    public async Task RunAsync_NoTargetsInInput_PublishesNothing()
    {
        // Act
        var result = await ProcessExpenseReport.RunAsync(_context.Object, Input with { StatusTargets = null });

        // Assert
        Assert.Equal(ReportOutcome.Posted, result.Outcome);
        Assert.Empty(_published);
    }

    private void Returns<T>(string activity, T value) =>
        _context.Setup(c => c.CallActivityAsync<T>(It.Is<TaskName>(n => n.Name == activity), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(value);
}
