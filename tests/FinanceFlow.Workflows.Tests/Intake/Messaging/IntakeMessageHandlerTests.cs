using Azure;
using Azure.Storage.Blobs;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.Intake.Messaging;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace FinanceFlow.Workflows.Tests.Intake.Messaging;

/// <summary>The message intake on the real blob, status and audit stores of an Azurite the fixture starts, with a mocked Durable client.</summary>
[Trait("Category", "Integration")]
public sealed class IntakeMessageHandlerTests : IClassFixture<AzuriteProcess>
{
    private static readonly DateTimeOffset Enqueued = IntakeHarness.Enqueued;
    private readonly Mock<DurableTaskClient> _client;
    private readonly BlobServiceClient _blobs;
    private readonly TableReportStatusStore _statuses;
    private readonly TableAuditTrail _audit;
    private readonly IntakeMessageHandler _handler;
    private readonly IntakeHarness _harness;
    private readonly string _reportId = "R-" + Guid.NewGuid().ToString("N")[..10];

    public IntakeMessageHandlerTests(AzuriteProcess azurite)
    {
        _harness = new IntakeHarness(azurite, nameof(ProcessExpenseReport));
        (_client, _blobs, _statuses, _audit, _handler) = (_harness.Client, _harness.Blobs, _harness.Statuses, _harness.Audit, _harness.Handler);
    }

    private IEnumerable<string> Started => _harness.Instances.Keys;

    private string InstanceId => new ReportKey("canonical", _reportId).InstanceId(1);

    [Fact]
    public async Task HandleAsync_ValidReport_StartsTheWebhooksInstanceKeepsEnvelopeAndDocumentAndCompletes()
    {
        var message = Message(IntakeMessages.Event(SampleReports.CanonicalJson(_reportId), id: "evt-" + _reportId), messageId: "sb-" + _reportId);

        var result = await _handler.HandleAsync(message, _client.Object, CancellationToken.None);

        Assert.Equal(IntakeResult.Complete, result);
        _client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(
                It.Is<TaskName>(n => n.Name == nameof(ProcessExpenseReport)),
                It.Is<object?>(i => ((ProcessReportInput)i!).RawBlobName == $"canonical/2026/11/26/msg-sb-{_reportId}.json" && ((ProcessReportInput)i!).MessageId == "sb-" + _reportId),
                It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == InstanceId),
                It.IsAny<CancellationToken>()),
            Times.Once);
        var document = await RawAsync($"canonical/2026/11/26/msg-sb-{_reportId}.json");
        Assert.Equal(_reportId, System.Text.Json.JsonDocument.Parse(document!).RootElement.GetProperty("reportId").GetString());
        Assert.Contains("\"specversion\"", (await RawAsync($"messages/2026/11/26/sb-{_reportId}.json"))!.ToString(), StringComparison.Ordinal);
        var accepted = Assert.Single(await AuditAsync("canonical", _reportId), r => r.Outcome == "Accepted");
        Assert.Equal("/platforms/acme-expenses", accepted.Actor);
        Assert.Equal(ReportOutcome.Pending, (await _statuses.GetAsync(new ReportKey("canonical", _reportId), CancellationToken.None))!.Outcome);
    }

    [Fact]
    public async Task HandleAsync_SameMessageTwice_StartsOneOrchestrationAndCompletesBoth()
    {
        var json = IntakeMessages.Event(SampleReports.CanonicalJson(_reportId), id: "evt-" + _reportId);

        var first = await _handler.HandleAsync(Message(json, deliveryCount: 1), _client.Object, CancellationToken.None);
        var asked = _client.Invocations.Count(i => i.Method.Name == nameof(DurableTaskClient.GetInstanceAsync));
        var second = await _handler.HandleAsync(Message(json, deliveryCount: 2), _client.Object, CancellationToken.None);

        // A version the status table had not seen is started without asking the engine; the redelivery asks it.
        Assert.Equal((IntakeDisposition.Complete, IntakeDisposition.Complete), (first.Disposition, second.Disposition));
        Assert.Equal((0, 1), (asked, _client.Invocations.Count(i => i.Method.Name == nameof(DurableTaskClient.GetInstanceAsync))));
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
        var rows = await AuditAsync("canonical", _reportId);
        Assert.Equal(["Accepted", "Redelivered"], rows.Where(r => r.Step == IntakeAudit.Step).Select(r => r.Outcome).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Contains("evt-" + _reportId, r.CorrelationId + r.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_SameMessageTwiceAtOnce_OneStartsTheRunTheOtherIsARedeliveryAndBothLeaveARow()
    {
        var json = IntakeMessages.Event(SampleReports.CanonicalJson(_reportId), id: "evt-" + _reportId);
        // Both deliveries look before either starts the run: the second start is refused as the engine refuses an existing instance.
        _client.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), false, It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);
        _client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? o, CancellationToken _) =>
                _harness.Instances.TryAdd(o!.InstanceId!, OrchestrationRuntimeStatus.Running)
                    ? o.InstanceId!
                    : throw new InvalidOperationException($"An orchestration with instance id {o.InstanceId} already exists."));

        var first = await _handler.HandleAsync(Message(json, deliveryCount: 1), _client.Object, CancellationToken.None);
        var second = await _handler.HandleAsync(Message(json, deliveryCount: 2), _client.Object, CancellationToken.None);

        Assert.Equal((IntakeDisposition.Complete, IntakeDisposition.Complete), (first.Disposition, second.Disposition));
        var rows = (await AuditAsync("canonical", _reportId)).Where(r => r.Step == IntakeAudit.Step).ToList();
        Assert.Equal(["Accepted", "Redelivered"], rows.Select(r => r.Outcome).Order(StringComparer.Ordinal));
        Assert.Contains("a concurrent delivery started the run", Assert.Single(rows, r => r.Outcome == "Redelivered").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_SameMessageIdWithAnotherReport_DeadLettersAsReusedAndStartsNothingMore()
    {
        var otherId = _reportId + "-B";
        await _handler.HandleAsync(Message(IntakeMessages.Event(SampleReports.CanonicalJson(_reportId), id: "evt-" + _reportId), messageId: "sb-" + _reportId), _client.Object, CancellationToken.None);

        var reused = await _handler.HandleAsync(
            Message(IntakeMessages.Event(SampleReports.CanonicalJson(otherId), id: "evt-" + _reportId), messageId: "sb-" + _reportId), _client.Object, CancellationToken.None);

        Assert.Equal((IntakeDisposition.DeadLetter, DeadLetterReasons.MessageIdReused), (reused.Disposition, reused.Reason));
        Assert.Equal([InstanceId], Started);
        Assert.Contains(".conflict-", reused.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_SameReportInAnotherMessage_StartsNothingNew()
    {
        await _handler.HandleAsync(Message(IntakeMessages.Event(SampleReports.CanonicalJson(_reportId), id: "a-" + _reportId)), _client.Object, CancellationToken.None);

        var again = await _handler.HandleAsync(Message(IntakeMessages.Event(SampleReports.CanonicalJson(_reportId), id: "b-" + _reportId)), _client.Object, CancellationToken.None);

        Assert.Equal(IntakeDisposition.Complete, again.Disposition);
        Assert.Equal([InstanceId], Started);
    }

    public static TheoryData<string, string, string> DeadLetters() => new()
    {
        { "{\"specversion\": \"1.0\", \"id\": ", DeadLetterReasons.MalformedJson, "/id: is not valid JSON" },
        { "{\"specversion\": \"1.0\", \"id\": \"a\", \"id\": \"b\"}", DeadLetterReasons.MalformedJson, "/id: is given more than once" },
        { "{\"specversion\": \"1.0\", \"id\": \"\\ud800\"}", DeadLetterReasons.MalformedJson, "/id: is not valid text" },
        { "[1, 2]", DeadLetterReasons.MalformedJson, "must be a JSON object" },
        { "{\"specversion\": \"0.3\", \"source\": \"/x\", \"type\": \"financeflow.expense.report.submitted\", \"financeflowsource\": \"canonical\", \"data\": {}}", DeadLetterReasons.InvalidEnvelope, "/specversion: must be \"1.0\"" },
        { "{\"specversion\": \"1.0\", \"source\": \"/x\", \"type\": \"financeflow.expense.report.submitted\", \"financeflowsource\": \"canonical\", \"data\": {}}", DeadLetterReasons.InvalidEnvelope, "/id: is required" },
        { "{\"specversion\": \"1.0\", \"id\": \"e\", \"source\": \"/x\", \"type\": \"financeflow.expense.report.submitted\", \"data\": {}}", DeadLetterReasons.InvalidEnvelope, "/financeflowsource: is required" },
        { "{\"specversion\": \"1.0\", \"id\": \"e\", \"source\": \"/x\", \"type\": \"financeflow.expense.report.submitted\", \"financeflowsource\": \"canonical\", \"data_base64\": \"e30=\"}", DeadLetterReasons.InvalidEnvelope, "/data_base64: is not accepted" },
        { "{\"specversion\": \"1.0\", \"id\": \"e\", \"source\": \"/x\", \"type\": \"com.example.invoice\", \"data\": {}}", DeadLetterReasons.UnknownType, "/type: 'com.example.invoice'" },
        { "{\"specversion\": \"1.0\", \"id\": \"e\", \"source\": \"/x\", \"type\": \"financeflow.expense.report.submitted\", \"financeflowsource\": \"sap-ariba\", \"data\": {}}", DeadLetterReasons.UnknownSource, "/financeflowsource: 'sap-ariba' is not a source FinanceFlow reads; known: canonical" },
    };

    [Theory]
    [MemberData(nameof(DeadLetters))]
    public async Task HandleAsync_BadEnvelope_DeadLettersNamingTheProblemAndAuditsIt(string json, string reason, string named)
    {
        var messageId = "bad-" + Guid.NewGuid().ToString("N")[..8];

        var result = await _handler.HandleAsync(Message(json, messageId: messageId), _client.Object, CancellationToken.None);

        Assert.Equal((IntakeDisposition.DeadLetter, reason), (result.Disposition, result.Reason));
        Assert.Contains(named, result.Description, StringComparison.Ordinal);
        var row = Assert.Single(await AuditAsync(IntakeMessageHandler.EnvelopeSource, "(unidentified)"), r => r.CorrelationId == messageId);
        Assert.Equal("DeadLettered", row.Outcome);
        Assert.StartsWith(reason + ": ", row.Detail, StringComparison.Ordinal);
        Assert.NotNull(await RawAsync($"messages/2026/11/26/{messageId}.json"));
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task HandleAsync_ReportBreaksTheSchema_DeadLettersWithDataPointersAndShowsTheReportRejected()
    {
        var data = SampleReports.CanonicalJson(_reportId).Replace("\"paymentType\": \"outOfPocket\",", string.Empty, StringComparison.Ordinal);

        var result = await _handler.HandleAsync(Message(IntakeMessages.Event(data, id: "evt-" + _reportId)), _client.Object, CancellationToken.None);

        Assert.Equal((IntakeDisposition.DeadLetter, DeadLetterReasons.InvalidData), (result.Disposition, result.Reason));
        Assert.StartsWith("/data/lines/0/paymentType: is required", result.Description, StringComparison.Ordinal);
        var status = await _statuses.GetAsync(new ReportKey("canonical", _reportId), CancellationToken.None);
        Assert.Equal((ReportOutcome.Rejected, ReportStage.Completed), (status!.Outcome, status.Stage));
        Assert.Contains(status.Findings, f => f.Code == DeadLetterReasons.InvalidData && f.Path == "/data/lines/0/paymentType");
        Assert.Equal("DeadLettered", Assert.Single(await AuditAsync("canonical", _reportId)).Outcome);
    }

    [Fact]
    public async Task HandleAsync_BadMessageForAReportAlreadyRunning_LeavesItsStatusAlone()
    {
        await _handler.HandleAsync(Message(IntakeMessages.Event(SampleReports.CanonicalJson(_reportId), id: "a-" + _reportId)), _client.Object, CancellationToken.None);
        var broken = SampleReports.CanonicalJson(_reportId).Replace("\"currency\": \"USD\"", "\"currency\": \"usd\"", StringComparison.Ordinal);

        var result = await _handler.HandleAsync(Message(IntakeMessages.Event(broken, id: "b-" + _reportId)), _client.Object, CancellationToken.None);

        Assert.Equal(DeadLetterReasons.InvalidData, result.Reason);
        Assert.Contains("/data/currency", result.Description, StringComparison.Ordinal);
        Assert.Equal(ReportOutcome.Pending, (await _statuses.GetAsync(new ReportKey("canonical", _reportId), CancellationToken.None))!.Outcome);
    }

    [Fact]
    public async Task HandleAsync_BodyOver1MiB_DeadLettersWithoutStoringIt()
    {
        var json = IntakeMessages.Event("{\"pad\": \"" + new string('x', IntakeMessageHandler.MaxBodyBytes) + "\"}", id: "big-" + _reportId);

        var result = await _handler.HandleAsync(Message(json, messageId: "big-" + _reportId), _client.Object, CancellationToken.None);

        Assert.Equal((IntakeDisposition.DeadLetter, DeadLetterReasons.MessageTooLarge), (result.Disposition, result.Reason));
        Assert.Contains("1048576", result.Description, StringComparison.Ordinal);
        Assert.Null(await RawAsync($"messages/2026/11/26/big-{_reportId}.json"));
        Assert.Contains(await AuditAsync("messages", "(unidentified)"), r => r.CorrelationId == "big-" + _reportId);
    }

    public static TheoryData<string> TransientFaults() => ["storage-503", "timeout", "wrapped-storage-500"];

    [Theory]
    [MemberData(nameof(TransientFaults))]
    public async Task HandleAsync_DurableBackendUnavailable_AbandonsForRedeliveryAndStartsNothing(string fault)
    {
        Exception exception = fault switch
        {
            "storage-503" => new RequestFailedException(503, "Server busy"),
            "timeout" => new TimeoutException("The operation timed out"),
            _ => new InvalidProgramException("backend failed", new RequestFailedException(500, "Internal error")),
        };
        var json = IntakeMessages.Event(SampleReports.CanonicalJson(_reportId), id: "evt-" + _reportId);
        var schedule = _client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()));
        schedule.ThrowsAsync(exception);

        var result = await _handler.HandleAsync(Message(json), _client.Object, CancellationToken.None);

        // Abandoned with nothing started; the row says the report waits (the watchdog sees it), and the redelivery starts it once.
        Assert.Equal(IntakeDisposition.Abandon, result.Disposition);
        Assert.StartsWith("transient: ", result.Reason, StringComparison.Ordinal);
        Assert.Empty(Started);
        Assert.Equal(ReportOutcome.Pending, (await _statuses.GetAsync(new ReportKey("canonical", _reportId), CancellationToken.None))!.Outcome);
        schedule.ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? o, CancellationToken _) =>
        {
            _harness.Instances[o!.InstanceId!] = OrchestrationRuntimeStatus.Running;
            return o.InstanceId!;
        });
        var again = await _handler.HandleAsync(Message(json, deliveryCount: 2), _client.Object, CancellationToken.None);
        Assert.Equal(IntakeDisposition.Complete, again.Disposition);
        Assert.Single(Started);
    }

    [Fact]
    public async Task HandleAsync_StorageRefusesForGood_Throws()
    {
        // A 403 is configuration, not load: no quiet retry loop, the transport logs it as an error.
        _client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(403, "Forbidden"));

        await Assert.ThrowsAsync<RequestFailedException>(() =>
            _handler.HandleAsync(Message(IntakeMessages.Event(SampleReports.CanonicalJson(_reportId), id: "evt-" + _reportId)), _client.Object, CancellationToken.None));
    }

    private static IntakeMessage Message(string json, string? messageId = null, int deliveryCount = 1) =>
        new(messageId, IntakeMessages.Bytes(json), deliveryCount, Enqueued, "test");

    private async Task<BinaryData?> RawAsync(string blobName)
    {
        var blob = _blobs.GetBlobContainerClient(BlobRawPayloadStore.ContainerName).GetBlobClient(blobName);
        return await blob.ExistsAsync() ? (await blob.DownloadContentAsync()).Value.Content : null;
    }

    private async Task<IReadOnlyList<AuditRecord>> AuditAsync(string source, string reportId) =>
        await _audit.ReadAsync(new ReportKey(source, reportId), CancellationToken.None);
}
