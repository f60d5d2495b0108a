using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;
using FinanceFlow.Emulators.Concur;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FinanceFlow.Api.Tests.Intake;

/// <summary>
/// <c>cashadvance.readyForIntegration</c> through <c>POST /api/v1/webhooks/concur</c>, against the FIS emulator serving the reference
/// cash-advance document, and the acknowledgement rules every Concur document follows (the FIS id, permanent refusals).
/// </summary>
public sealed class ConcurCashAdvanceIntakeTests : IDisposable
{
    private const string CashAdvancePath = "/financialintegration/fi/v4/companies/transactiontypes/cashadvance/transactions";
    private const string CashAdvanceAcknowledgementsPath = CashAdvancePath + "/acknowledgements";

    // The event's documentId (as published) and the FIS document id of the page: Concur takes the acknowledgement under the latter only.
    private const string EventDocumentId = "BB6963B71DE97746B37FE399FAE994B6";
    private const string FisDocumentId = "7c1e0b2a9d8f4e3b8a6d5c4b3a291807";
    private const string AdvanceId = "FE884EE31617CF4CABE36C7FC44512A1";
    private const string Secret = TestOptions.Secret;

    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly ConcurFisEmulator _fis = new();
    private readonly Mock<IRawPayloadStore> _raw = new();
    private readonly Mock<IReportStatusStore> _statuses = new();
    private readonly Mock<IAuditTrail> _audit = new();
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly List<AuditRecord> _auditRows = [];
    private readonly List<ReportStatusRecord> _statusRows = [];
    private readonly List<string> _kept = [];

    public ConcurCashAdvanceIntakeTests()
    {
        _raw.Setup(r => r.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<BinaryData>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string source, string id, DateTimeOffset _, BinaryData _, CancellationToken _) =>
            {
                _kept.Add($"{source}/{id}");
                return $"{source}/2026/11/26/{id}.json";
            });
        _audit.Setup(a => a.AppendAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>()))
            .Callback<AuditRecord, CancellationToken>((r, _) => _auditRows.Add(r)).Returns(Task.CompletedTask);
        _audit.Setup(a => a.ReadAsync(It.IsAny<ReportKey>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((ReportKey key, CancellationToken _) => _auditRows.Where(r => r.Report == key).ToList());
        _statuses.Setup(s => s.UpsertAsync(It.IsAny<ReportStatusRecord>(), It.IsAny<CancellationToken>()))
            .Callback<ReportStatusRecord, CancellationToken>((r, _) => _statusRows.Add(r)).Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task Receive_CashAdvanceReady_KeepsTheDocumentAcknowledgesItAsCashAdvanceUnderItsFisIdAndStartsTheIssuance()
    {
        ServeCashAdvance(Page(FisDocumentId));

        var (status, _, body) = await RunAsync(ReadyEvent());

        Assert.Equal(202, status);
        Assert.Equal($"expense:concur:cashadvance-{AdvanceId}:v1", body.GetProperty("id").GetString());
        Assert.Contains($"concur/doc-{FisDocumentId}", _kept);
        var acknowledgement = Assert.Single(_fis.Received(CashAdvanceAcknowledgementsPath));
        Assert.Equal([FisDocumentId], JsonNode.Parse(acknowledgement.RequestMessage.Body!)!["ids"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Empty(_fis.Received(ConcurFisEmulator.AcknowledgementsPath));
        Assert.Contains(_auditRows, r => r.Outcome == "Stored" && r.Report.ReportId == EventDocumentId);
        Assert.Contains(_statusRows, r => r.ReportId == $"cashadvance-{AdvanceId}" && r.Outcome == ReportOutcome.Pending && r.TotalAmount == 150m && r.Currency == "USD");
        _client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(
                It.Is<TaskName>(n => n.Name == nameof(ProcessExpenseReport)),
                It.Is<object?>(i => ((ProcessReportInput)i!).RawBlobName == $"concur/2026/11/26/doc-{FisDocumentId}.json"),
                It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == $"expense:concur:cashadvance-{AdvanceId}:v1"),
                It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Fact]
    public async Task Receive_CashAdvanceSignedWithAnotherSecret_Answers401AndFetchesNothing()
    {
        ServeCashAdvance(Page(FisDocumentId));

        var (status, _, _) = await RunAsync(ReadyEvent(), secret: "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("not-the-configured-secret-32-bytes")));

        Assert.Equal(401, status);
        Assert.Empty(_fis.Received(CashAdvancePath));
        Assert.Empty(_fis.Received(CashAdvanceAcknowledgementsPath));
        VerifyNothingStarted();
    }

    [Fact]
    public async Task Receive_DocumentWithoutFisId_IsARejectionNotAnAcknowledgementUnderTheEventsDocumentId()
    {
        // The reference document as published: the bare body, no FIS envelope and so no id to acknowledge.
        ServeCashAdvance(ConcurFisPayloads.Fis("concur-fis-v4-document-cashadvance.json"));

        var (status, _, body) = await RunAsync(ReadyEvent());

        Assert.Equal(200, status);
        Assert.EndsWith("concur-document-id-missing", body.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Empty(_fis.Received(CashAdvanceAcknowledgementsPath));
        var row = Assert.Single(_statusRows);
        Assert.Equal((ReportOutcome.Rejected, EventDocumentId), (row.Outcome, row.ReportId));
        Assert.StartsWith(ConcurEventIntake.RejectedStatusPrefix, row.InstanceId, StringComparison.Ordinal);
        Assert.Contains(_auditRows, r => r.Outcome == "Rejected" && r.Report.ReportId == EventDocumentId);
        VerifyNothingStarted();
    }

    [Theory]
    [InlineData(400, "")]
    [InlineData(409, "")]
    [InlineData(200, """[{"code":102,"docId":"7c1e0b2a9d8f4e3b8a6d5c4b3a291807","systemId":null,"acknowledgeResult":"FAILURE","errorMessage":"The document was recalled."}]""")]
    public async Task Receive_AcknowledgementRefusedForGood_Answers200WithARejectedRowSoConcurDoesNotRetryFor72Hours(int answer, string body)
    {
        ServeCashAdvance(Page(FisDocumentId));
        _fis.With("POST", CashAdvanceAcknowledgementsPath, answer, body.Length > 0 ? body : """{"message":"Bad Request"}""");

        var (status, _, notice) = await RunAsync(ReadyEvent());

        Assert.Equal(200, status);
        Assert.EndsWith("concur-acknowledgement-refused", notice.GetProperty("type").GetString(), StringComparison.Ordinal);
        var row = Assert.Single(_statusRows);
        Assert.Equal(ReportOutcome.Rejected, row.Outcome);
        Assert.Contains(FisDocumentId, row.FailureReason, StringComparison.Ordinal);
        Assert.Equal("concur-acknowledgement-refused", Assert.Single(row.Findings).Code);
        Assert.Contains(_auditRows, r => r.Outcome == "Rejected" && r.Report.ReportId == EventDocumentId);
        VerifyNothingStarted();
    }

    [Theory]
    [InlineData(401, 502)]
    [InlineData(403, 502)]
    [InlineData(429, 503)]
    [InlineData(503, 503)]
    public async Task Receive_AcknowledgementRefusedForNow_AnswersARetryableStatusAndStartsNothing(int answer, int expected)
    {
        ServeCashAdvance(Page(FisDocumentId));
        _fis.With("POST", CashAdvanceAcknowledgementsPath, answer, "{}");

        var (status, contentType, _) = await RunAsync(ReadyEvent());

        Assert.Equal(expected, status);
        Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
        Assert.DoesNotContain(_statusRows, r => r.Outcome == ReportOutcome.Rejected);
        VerifyNothingStarted();
    }

    public void Dispose() => _fis.Dispose();

    /// <summary>The FIS page of one a docId GET answers, wrapping the reference cash-advance document under <paramref name="id"/>.</summary>
    private static string Page(string id) => new JsonObject
    {
        ["content"] = new JsonArray(new JsonObject
        {
            ["id"] = id,
            ["docType"] = "cashadvance",
            ["companyId"] = "be463ad2-b2ce-4033-b079-663ca6c7t3d5",
            ["entityId"] = "p0603355bmll",
            ["document"] = JsonNode.Parse(ConcurFisPayloads.Fis("concur-fis-v4-document-cashadvance.json")),
            ["docStatus"] = "READY",
            ["links"] = new JsonArray(),
        }),
        ["page"] = new JsonObject { ["size"] = 1, ["totalElements"] = 1, ["totalPages"] = 1, ["number"] = 0 },
    }.ToJsonString();

    private void ServeCashAdvance(string getAnswer)
    {
        _fis.With("GET", CashAdvancePath, 200, getAnswer);
        _fis.With("POST", CashAdvanceAcknowledgementsPath, 200, ConcurFisPayloads.AnswerFor(ConcurFisPayloads.AcknowledgementsAnswer, FisDocumentId));
    }

    /// <summary>The reference <c>cashadvance.readyForIntegration</c> event, its href on the emulator.</summary>
    private string ReadyEvent()
    {
        var node = JsonNode.Parse(ConcurFisPayloads.Event("concur-ess-v4-financialintegration-cashadvance.readyForIntegration.json"))!;
        node["facts"]!["href"] = $"{_fis.Url}{CashAdvancePath}?docId={EventDocumentId}";
        return node.ToJsonString();
    }

    private void VerifyNothingStarted() =>
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);

    private async Task<(int Status, string? ContentType, JsonElement Body)> RunAsync(string json, string secret = Secret)
    {
        var time = new FixedTime(Now);
        using var fis = _fis.Services();
        var intakeAudit = new IntakeAudit(_audit.Object, time);
        var circuit = new IntakeStorageCircuit(Microsoft.Extensions.Options.Options.Create(new IntakeOptions()), TimeProvider.System, NullLogger<IntakeStorageCircuit>.Instance);
        var admissions = new ReportAdmission(_statuses.Object, intakeAudit, circuit, TestOptions.FinanceFlow(), NullLogger<ReportAdmission>.Instance);
        var concur = ConcurWebhookTests.NewIntake(fis, _raw.Object, admissions, intakeAudit, _statuses.Object, time, circuit);
        var intake = new WebhookIntake(_raw.Object, admissions, intakeAudit, concur, circuit, time);
        var timestamp = Now.ToUnixTimeSeconds();
        var headers = new Dictionary<string, string>
        {
            [StandardWebhook.IdHeader] = "msg_ca1",
            [StandardWebhook.TimestampHeader] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [StandardWebhook.SignatureHeader] = StandardWebhook.Sign(secret, "msg_ca1", timestamp, Encoding.UTF8.GetBytes(json)),
        };

        return await ConcurWebhookTests.ReceiveAsync(HttpTestContext.Request(json, headers: headers), "concur", fis, intake, time, _client.Object);
    }
}
