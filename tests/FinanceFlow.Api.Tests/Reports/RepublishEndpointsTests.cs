using System.Text.Json;
using FinanceFlow.Api.Http;
using FinanceFlow.Api.Reports;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Hashing;
using FinanceFlow.Core.Messaging;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Operations;
using FinanceFlow.Workflows.Posting;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;

namespace FinanceFlow.Api.Tests.Reports;

/// <summary>Sending a report's status events again, on the real status and audit tables of an Azurite the fixture starts.</summary>
[Trait("Category", "Integration")]
public sealed class RepublishEndpointsTests : IClassFixture<AzuriteProcess>
{
    private const string ReportId = "R-1001";
    private const string InstanceId = "expense:canonical:R-1001:v1";
    private const string Actor = "finance@contoso.example";
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Finished = new(2026, 11, 26, 8, 0, 4, TimeSpan.Zero);

    private static readonly ReportResult Posted = new(
        "canonical", ReportId, 1, ReportOutcome.Posted, "FF-CANONICAL-R-1001", "Ada", "USD", 120m, [], null,
        [new ErpDocument("US01", "us01", "USD", 120m, "FF-CANONICAL-R-1001", "FF-CANONICAL-R-1001", null)]);

    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly RecordingStatusPublisher _queues = new(StatusTargetKind.StorageQueue);
    private readonly TableReportStatusStore _statuses;
    private readonly TableAuditTrail _audit;
    private readonly StatusRepublish _republish;

    public RepublishEndpointsTests(AzuriteProcess azurite)
    {
        var tables = new FreshTables(azurite.ConnectionString);
        _statuses = new TableReportStatusStore(tables);
        _audit = new TableAuditTrail(tables);
        var options = new FinanceFlowOptions
        {
            StatusFanOut = new()
            {
                Targets =
                [
                    new StatusTargetSettings { Kind = StatusTargetKind.StorageQueue, QueueName = "expense-status" },
                    new StatusTargetSettings { Kind = StatusTargetKind.StorageQueue, QueueName = "analytics-status", Name = "analytics" },
                ],
            },
        };
        var time = new FixedTime(Now);
        var publishing = new StatusPublishing(
            [_queues], new StaticOptions<FinanceFlowOptions>(options), new StepAudit(_audit, time), time, NullLogger<StatusPublishing>.Instance);
        _republish = new StatusRepublish(_statuses, _audit, publishing);
    }

    [Fact]
    public async Task RepublishAsync_PaidReport_SendsPostedThenPaidToEveryTargetWithAnAuditRowEach()
    {
        // Arrange
        await Status(paid: true);
        Completed(Posted);

        // Act
        var (status, _, body) = await RepublishAsync();

        // Assert
        Assert.Equal(200, status);
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.True(r.GetProperty("published").GetBoolean()));
        Assert.All(results, r => Assert.False(r.TryGetProperty("error", out _)));
        Assert.Equal(
            [("StorageQueue expense-status", $"{InstanceId}:posted"), ("StorageQueue expense-status", $"{InstanceId}:paid:P-1"), ("analytics", $"{InstanceId}:posted"), ("analytics", $"{InstanceId}:paid:P-1")],
            results.Select(r => (r.GetProperty("target").GetString(), r.GetProperty("eventId").GetString())));
        foreach (var queue in new[] { "expense-status", "analytics-status" })
        {
            Assert.Equal([StatusEventTypes.Posted, StatusEventTypes.Paid], _queues.Published.Where(p => p.Destination == queue).Select(p => p.Event.Type));
        }

        Assert.All(_queues.Published, p => Assert.Empty(StatusEventSchema.Validate(p.Json)));
        var paid = _queues.Published.First(p => p.Event.Type == StatusEventTypes.Paid).Event;
        Assert.Equal((40m, 120m, true), (paid.Data.Payment!.Amount, paid.Data.Payment.PaidAmount, paid.Data.Payment.FullyPaid));
        var rows = (await AuditRows()).Where(r => r.Step == StatusPublishing.RepublishStep).ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(("StatusRepublished", Actor), (r.Outcome, r.Actor)));
    }

    [Fact]
    public async Task RepublishAsync_NamedTarget_SendsOnlyToIt()
    {
        // Arrange
        await Status(paid: false);
        Completed(Posted);

        // Act
        var (status, _, body) = await RepublishAsync("analytics");

        // Assert
        Assert.Equal(200, status);
        var result = Assert.Single(body.GetProperty("results").EnumerateArray());
        Assert.Equal(("analytics", StatusEventTypes.Posted, true), (result.GetProperty("target").GetString(), result.GetProperty("type").GetString(), result.GetProperty("published").GetBoolean()));
        Assert.Equal("analytics-status", Assert.Single(_queues.Published).Destination);
        Assert.Contains("target 1 'analytics'", Assert.Single(await AuditRows(), r => r.Step == StatusPublishing.RepublishStep).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepublishAsync_TargetStillDown_AnswersNotPublishedWithTheErrorAndAFailedRow()
    {
        // Arrange
        await Status(paid: false);
        Completed(Posted);
        _queues.Down.Add("analytics-status");

        // Act
        var (status, _, body) = await RepublishAsync("analytics");

        // Assert
        Assert.Equal(200, status);
        var result = Assert.Single(body.GetProperty("results").EnumerateArray());
        Assert.False(result.GetProperty("published").GetBoolean());
        Assert.Contains("503", result.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(StatusPublishing.DirectMaxAttempts, _queues.Attempts);
        var row = Assert.Single(await AuditRows(), r => r.Step == StatusPublishing.RepublishStep);
        Assert.Equal(("Failed", Actor), (row.Outcome, row.Actor));
    }

    [Fact]
    public async Task RepublishAsync_UnknownTarget_Answers400ListingTheConfiguredNames()
    {
        // Arrange
        await Status(paid: false);
        Completed(Posted);

        // Act
        var (status, contentType, body) = await RepublishAsync("payroll");

        // Assert
        Assert.Equal((400, "application/problem+json"), (status, contentType));
        Assert.Equal(Problems.TypeBase + "unknown-status-target", body.GetProperty("type").GetString());
        Assert.Contains("'StorageQueue expense-status', 'analytics'", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_queues.Published);
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running, "still-running")]
    [InlineData(null, "history-purged")]
    public async Task RepublishAsync_RunNotFinishedOrPurged_Answers409SayingWhy(OrchestrationRuntimeStatus? runtimeStatus, string problem)
    {
        // Arrange
        await Status(paid: false);
        _client.Setup(c => c.GetInstanceAsync(InstanceId, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(runtimeStatus is { } running ? new OrchestrationMetadata(nameof(ProcessExpenseReport), InstanceId) { RuntimeStatus = running } : null);

        // Act
        var (status, contentType, body) = await RepublishAsync();

        // Assert
        Assert.Equal((409, "application/problem+json"), (status, contentType));
        Assert.Equal(Problems.TypeBase + problem, body.GetProperty("type").GetString());
        Assert.Empty(_queues.Published);
    }

    [Fact]
    public async Task RepublishAsync_UnknownReport_Answers404()
    {
        var (status, contentType, _) = await RepublishAsync();

        Assert.Equal((404, "application/problem+json"), (status, contentType));
    }

    [Fact]
    public async Task RepublishAsync_AfterTheOrchestrationRan_SendsTheEventItPublishedUnderTheSameId()
    {
        // Arrange: the orchestration runs with a mocked context; its posted event and result are kept.
        var fromRun = await RunOrchestrationAsync();
        await Status(paid: false);
        Completed(fromRun.Result);

        // Act
        var (status, _, _) = await RepublishAsync("analytics");

        // Assert
        Assert.Equal(200, status);
        var republished = Assert.Single(_queues.Published).Event;
        Assert.Equal((fromRun.Posted.Id, fromRun.Posted.Type, fromRun.Posted.Source, fromRun.Posted.Subject), (republished.Id, republished.Type, republished.Source, republished.Subject));
        Assert.Equal(JsonSerializer.Serialize(fromRun.Posted.Data, FinanceFlowJson.Options), JsonSerializer.Serialize(republished.Data, FinanceFlowJson.Options));
    }

    private static async Task<(ReportResult Result, StatusCloudEvent Posted)> RunOrchestrationAsync()
    {
        var context = new Mock<TaskOrchestrationContext>();
        var published = new List<StatusCloudEvent>();
        context.SetupGet(c => c.InstanceId).Returns(InstanceId);
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(Finished.UtcDateTime);
        context.Protected().SetupGet<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        context.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(NullLogger.Instance);
        ActivityPrepareSteps.Route(context);
        void Returns<T>(string activity, T value) =>
            context.Setup(c => c.CallActivityAsync<T>(It.Is<TaskName>(n => n.Name == activity), It.IsAny<object?>(), It.IsAny<TaskOptions?>())).ReturnsAsync(value);
        Returns(nameof(ReportActivities.NormalizeReport), new NormalizeResult(SampleReports.Dinner(), []));
        Returns(nameof(EnrichmentActivities.EnrichReport), new EnrichResult([], [], Governed: false));
        Returns<IReadOnlyList<Finding>>(nameof(ReportActivities.CheckPolicy), []);
        Returns(nameof(AttachmentActivities.StoreAttachments), new AttachmentsResult([], []));
        Returns(nameof(JournalActivities.BuildJournal), new JournalResult([SampleReports.Journal()], []));
        Returns(nameof(ErpActivities.PostToErp), new PostingOutcome(true, "FF-CANONICAL-R-1001", null, false));
        Returns(nameof(OutcomeActivities.RecordStatus), true);
        Returns(nameof(OutcomeActivities.NotifySource), "Delivered");
        Returns(nameof(OutcomeActivities.RecordOutcome), true);
        context.Setup(c => c.CallActivityAsync<string>(It.Is<TaskName>(n => n.Name == nameof(StatusFanOutActivities.PublishStatus)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback<TaskName, object?, TaskOptions?>((_, input, _) => published.Add(((PublishStatusRequest)input!).Event))
            .ReturnsAsync("ok");
        var input = new ProcessReportInput(
            "canonical", ReportId, 1, "canonical/2026/11/20/msg_1.json", "msg_1", Now, "canonical-webhook", new PostingRetryPlan(3, 1, 2, 10),
            [new StatusTargetPlan(0, "StorageQueue expense-status", 4, 1, 2, 10)]);

        var result = await ProcessExpenseReport.RunAsync(context.Object, input);

        return (result, Assert.Single(published, e => e.Type == StatusEventTypes.Posted));
    }

    private async Task Status(bool paid)
    {
        var row = new ReportStatusRecord(
            "canonical", ReportId, 1, InstanceId, ReportStage.Completed, ReportOutcome.Posted, "E-1", "Ada", "USD", 120m, "FF-CANONICAL-R-1001", null, [], Now, Now,
            Documents: Posted.Documents);
        if (paid)
        {
            // Two part payments; the row keeps the last one and the total paid, the Confirmed row this payment's amount.
            row = row with { PaidAt = Now, PaidAmount = 120m, PaymentReference = "P-1" };
            await _audit.AppendAsync(
                new AuditRecord(new ReportKey("canonical", ReportId), 1, Now, ReportPayments.Step, "Confirmed", Actor, "P-1", Sha256.Hex("P-1|40|USD"), "part payment 40 USD (120 of 120); delivered"),
                CancellationToken.None);
        }

        await _statuses.UpsertAsync(row, CancellationToken.None);
    }

    private void Completed(ReportResult result) =>
        _client.Setup(c => c.GetInstanceAsync(InstanceId, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(nameof(ProcessExpenseReport), InstanceId)
            {
                RuntimeStatus = OrchestrationRuntimeStatus.Completed,
                SerializedOutput = JsonSerializer.Serialize(result, FinanceFlowJson.Options),
                LastUpdatedAt = Finished,
                DataConverter = new JsonDataConverter(FinanceFlowJson.Options),
            });

    private Task<IReadOnlyList<AuditRecord>> AuditRows() => _audit.ReadAsync(new ReportKey("canonical", ReportId), CancellationToken.None);

    private async Task<(int Status, string? ContentType, JsonElement Body)> RepublishAsync(string? target = null)
    {
        var request = HttpTestContext.Request(string.Empty, caller: Actor);
        if (target is not null)
        {
            request.QueryString = QueryString.Create(StatusRepublish.TargetQuery, target);
        }

        return await HttpTestContext.RunAsync(RouteNames.RepublishStatusEvents, request, () => ReportEndpoints.RepublishAsync(request, "canonical", ReportId, _republish, _client.Object, CancellationToken.None));
    }
}
