using System.Text;
using Azure;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FinanceFlow.Api.Tests.Intake;

public sealed class WebhookEndpointsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly Mock<IRawPayloadStore> _raw = new();
    private readonly Mock<IReportStatusStore> _statuses = new();
    private readonly Mock<IAuditTrail> _audit = new();
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly List<AuditRecord> _auditRows = [];
    private readonly FixedTime _time = new(Now);
    private readonly IntakeStorageCircuit _circuit = new IntakeStorageCircuit(Microsoft.Extensions.Options.Options.Create(new IntakeOptions()), TimeProvider.System, NullLogger<IntakeStorageCircuit>.Instance);

    public WebhookEndpointsTests()
    {
        _raw.Setup(r => r.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<BinaryData>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string source, string id, DateTimeOffset _, BinaryData _, CancellationToken _) => $"{source}/2026/11/26/{id}.json");
        _audit.Setup(a => a.AppendAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>()))
            .Callback<AuditRecord, CancellationToken>((r, _) => _auditRows.Add(r))
            .Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task HandleAsync_NewReportVersion_Answers202WithTheRunAndReportUrlOnlyAndStartsDeterministicInstance()
    {
        var request = Signed(SampleReports.CanonicalJson());

        var (status, _, body) = await RunAsync(request);

        Assert.Equal(202, status);
        Assert.Equal("expense:canonical:R-1001:v1", body.GetProperty("id").GetString());
        Assert.Equal("http://127.0.0.1:7071/api/v1/reports/canonical/R-1001", body.GetProperty("reportUri").GetString());

        // No Durable management URL (in Azure they carry the extension's system key): a sender learns the run and the report route only.
        Assert.Equal(["id", "reportUri"], body.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("runtime/webhooks", body.GetRawText(), StringComparison.Ordinal);

        _client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(
                It.Is<TaskName>(n => n.Name == nameof(ProcessExpenseReport)),
                It.Is<object?>(i => ((ProcessReportInput)i!).RawBlobName == "canonical/2026/11/26/msg_1.json"),
                It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == "expense:canonical:R-1001:v1"),
                It.IsAny<CancellationToken>()),
            Times.Once);
        Assert.Contains(_auditRows, r => r.Outcome == "Accepted" && r.Report.ReportId == "R-1001" && r.Actor == "webhook:canonical");
    }

    [Fact]
    public async Task HandleAsync_NewReportVersion_RecordsOnTheStatusRowWhenTheSourceApprovedIt()
    {
        // Two approval steps: the report is approved once the last approver has.
        var json = SampleReports.CanonicalJson().Replace(
            "\"approvedAt\": \"2026-11-20T15:00:00Z\"}]",
            "\"approvedAt\": \"2026-11-20T15:00:00Z\"}, {\"approver\": {\"id\": \"M300\", \"name\": \"Edsger Dijkstra\"}, \"approvedAt\": \"2026-11-21T09:30:00+01:00\"}]",
            StringComparison.Ordinal);

        var (status, _, _) = await RunAsync(Signed(json));

        Assert.Equal(202, status);
        _statuses.Verify(
            s => s.UpsertAsync(
                It.Is<ReportStatusRecord>(r => r.Outcome == ReportOutcome.Pending && r.ApprovedAt == new DateTimeOffset(2026, 11, 21, 8, 30, 0, TimeSpan.Zero) && r.PostedAt == null),
                It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Fact]
    public async Task HandleAsync_SpoofedPrincipalHeaders_AreNotTheActor()
    {
        var request = Signed(SampleReports.CanonicalJson());
        request.Headers["X-MS-CLIENT-PRINCIPAL-NAME"] = "mallory@example.com";
        request.Headers["X-MS-CLIENT-PRINCIPAL"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"claims\":[{\"typ\":\"preferred_username\",\"val\":\"mallory@example.com\"}]}"));

        var (status, _, _) = await RunAsync(request);

        Assert.Equal(202, status);
        Assert.All(_auditRows, r => Assert.Equal("webhook:canonical", r.Actor));
    }

    [Fact]
    public async Task HandleAsync_WebhookIdReusedForAnotherBody_Answers409StartsNothingAndAuditsWhereTheBodyIsKept()
    {
        _raw.Setup(r => r.SaveAsync("canonical", "msg_1", It.IsAny<DateTimeOffset>(), It.IsAny<BinaryData>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RawPayloadConflictException("canonical/2026/11/26/msg_1.json", "canonical/2026/11/26/msg_1.conflict-0123456789abcdef.json"));

        var (status, contentType, problem) = await RunAsync(Signed(SampleReports.CanonicalJson()));

        Assert.Equal((409, "application/problem+json"), (status, contentType));
        Assert.EndsWith("/webhook-id-reused", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Contains("msg_1.conflict-0123456789abcdef.json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Contains(_auditRows, r => r.Outcome == "Invalid" && r.Report.ReportId == "R-1001" && r.Detail!.Contains("/webhook-id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_KnownReportVersion_Answers200AndStartsNothing()
    {
        _client.Setup(c => c.GetInstanceAsync("expense:canonical:R-1001:v1", false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(nameof(ProcessExpenseReport), "expense:canonical:R-1001:v1") { RuntimeStatus = OrchestrationRuntimeStatus.Completed });
        _audit.Setup(a => a.ReadAsync(It.IsAny<ReportKey>(), It.IsAny<CancellationToken>())).ReturnsAsync(
            [new AuditRecord(new ReportKey("canonical", "R-1001"), 1, Now, IntakeAudit.Step, "Accepted", "webhook:canonical", "expense:canonical:R-1001:v1", "00")]);

        var (status, _, body) = await RunAsync(Signed(SampleReports.CanonicalJson()));

        Assert.Equal(200, status);
        Assert.Equal("expense:canonical:R-1001:v1", body.GetProperty("id").GetString());
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Contains(_auditRows, r => r.Outcome == "Redelivered");
    }

    [Fact]
    public async Task HandleAsync_RunStartedButStorageFailedBeforeTheAcceptedRow_TheResentDeliveryCompletesTheAdmission202()
    {
        // The first delivery heard 503: its start reached the task hub, its Accepted row never got written.
        _client.Setup(c => c.GetInstanceAsync("expense:canonical:R-1001:v1", false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(nameof(ProcessExpenseReport), "expense:canonical:R-1001:v1") { RuntimeStatus = OrchestrationRuntimeStatus.Running });
        _audit.Setup(a => a.ReadAsync(It.IsAny<ReportKey>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);

        var (status, _, body) = await RunAsync(Signed(SampleReports.CanonicalJson()));

        Assert.Equal(202, status);
        Assert.Equal("expense:canonical:R-1001:v1", body.GetProperty("id").GetString());
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
        var accepted = Assert.Single(_auditRows);
        Assert.Equal(("Accepted", "expense:canonical:R-1001:v1"), (accepted.Outcome, accepted.CorrelationId));
    }

    [Theory]
    [InlineData("raw payload")]
    [InlineData("status row")]
    [InlineData("Durable start")]
    [InlineData("audit row")]
    public async Task HandleAsync_StorageUnavailable_Answers503WithRetryAfterNever500(string failing)
    {
        var down = new RequestFailedException("Connection refused (127.0.0.1:10000)", new HttpRequestException("Connection refused"));
        switch (failing)
        {
            case "raw payload":
                _raw.Setup(r => r.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<BinaryData>(), It.IsAny<CancellationToken>())).ThrowsAsync(down);
                break;
            case "status row":
                _statuses.Setup(s => s.UpsertAsync(It.IsAny<ReportStatusRecord>(), It.IsAny<CancellationToken>())).ThrowsAsync(down);
                break;
            case "Durable start":
                _client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
                    .ThrowsAsync(new AggregateException("Retry failed after 4 tries.", down));
                break;
            default:
                _audit.Setup(a => a.AppendAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>())).ThrowsAsync(down);
                break;
        }

        var request = Signed(SampleReports.CanonicalJson());
        var (status, contentType, problem) = await RunAsync(request);

        Assert.Equal((503, "application/problem+json"), (status, contentType));
        Assert.Equal("https://financeflow.dev/problems/storage-unavailable", problem.GetProperty("type").GetString());
        Assert.Contains("same webhook-id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("5", request.HttpContext.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task HandleAsync_StorageUnavailableButSignatureWrong_Answers401NotAStorageAnswer()
    {
        _raw.Setup(r => r.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<BinaryData>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException("Connection refused"));
        var json = SampleReports.CanonicalJson();

        var (status, _, _) = await RunAsync(HttpTestContext.Request(json.Replace("60.00", "6000.00", StringComparison.Ordinal), headers: Headers(json, Now.ToUnixTimeSeconds())));

        Assert.Equal(401, status);
    }

    [Fact]
    public async Task HandleAsync_SchemaErrors_Answers400NamingEachFieldAndKeepsTheRawBody()
    {
        var json = SampleReports.CanonicalJson().Replace("\"paymentType\": \"outOfPocket\",", string.Empty, StringComparison.Ordinal);

        var (status, contentType, body) = await RunAsync(Signed(json));

        Assert.Equal(400, status);
        Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
        var pointers = body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("pointer").GetString()).ToList();
        Assert.Contains("/lines/0/paymentType", pointers);
        _raw.Verify(r => r.SaveAsync("canonical", "msg_1", Now, It.IsAny<BinaryData>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Contains(_auditRows, r => r.Outcome == "Invalid" && r.Report.ReportId == "R-1001");
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task HandleAsync_MoreReceiptsThanTheLimit_Answers400NamingTheAttachmentsAndStartsNothing()
    {
        var receipts = string.Join(",", Enumerable.Range(0, 51).Select(i => $$"""{"fileName": "r{{i}}.pdf", "url": "https://receipts.example.com/r{{i}}.pdf"}"""));
        var json = SampleReports.CanonicalJson().TrimEnd()[..^1] + $$""", "attachments": [{{receipts}}]}""";

        var (status, contentType, body) = await RunAsync(Signed(json));

        Assert.Equal(400, status);
        Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
        Assert.Contains("/attachments", body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("pointer").GetString()));
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("tampered")]
    [InlineData("stale")]
    public async Task HandleAsync_BadSignature_Answers401AndStoresNothing(string problem)
    {
        var json = SampleReports.CanonicalJson();
        var timestamp = problem == "stale" ? Now.AddMinutes(-6).ToUnixTimeSeconds() : Now.ToUnixTimeSeconds();
        var headers = problem == "missing" ? new Dictionary<string, string>() : Headers(json, timestamp);
        var sent = problem == "tampered" ? json.Replace("60.00", "6000.00", StringComparison.Ordinal) : json;

        var (status, contentType, _) = await RunAsync(HttpTestContext.Request(sent, headers: headers));

        Assert.Equal(401, status);
        Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
        _raw.Verify(r => r.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<BinaryData>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task HandleAsync_BodyOver1MiB_Answers413()
    {
        var json = "{\"pad\":\"" + new string('x', WebhookIntake.MaxBodyBytes) + "\"}";

        var (status, _, _) = await RunAsync(Signed(json));

        Assert.Equal(413, status);
    }

    [Fact]
    public async Task HandleAsync_NotJson_Answers415()
    {
        var (status, _, body) = await RunAsync(HttpTestContext.Request("reportId=1", "application/x-www-form-urlencoded", Headers("reportId=1", Now.ToUnixTimeSeconds())));

        Assert.Equal(415, status);
        Assert.Contains("application/json", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_UnknownSource_Answers404()
    {
        var json = SampleReports.CanonicalJson();

        var (status, _, body) = await RunAsync(Signed(json), "sap-ariba");

        Assert.Equal(404, status);
        Assert.Contains("sap-ariba", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<(int Status, string? ContentType, System.Text.Json.JsonElement Body)> RunAsync(Microsoft.AspNetCore.Http.HttpRequest request, string source = "canonical")
    {
        var intakeAudit = new IntakeAudit(_audit.Object, _time);
        var admissions = new ReportAdmission(_statuses.Object, intakeAudit, _circuit, TestOptions.FinanceFlow(), NullLogger<ReportAdmission>.Instance);
        // Concur FIS off, as by default: the canonical path must not depend on it.
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
        using var fis = new ServiceCollection().AddLogging().AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(configuration)
            .AddConcurFis(configuration).BuildServiceProvider();
        var concur = ConcurWebhookTests.NewIntake(fis, _raw.Object, admissions, intakeAudit, _statuses.Object, _time, _circuit);
        var intake = new WebhookIntake(_raw.Object, admissions, intakeAudit, concur, _circuit, _time);
        return await ConcurWebhookTests.ReceiveAsync(request, source, fis, intake, _time, _client.Object);
    }

    private Microsoft.AspNetCore.Http.HttpRequest Signed(string json) =>
        HttpTestContext.Request(json, headers: Headers(json, Now.ToUnixTimeSeconds()));

    private static Dictionary<string, string> Headers(string body, long timestamp) => new()
    {
        [StandardWebhook.IdHeader] = "msg_1",
        [StandardWebhook.TimestampHeader] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [StandardWebhook.SignatureHeader] = StandardWebhook.Sign(TestOptions.Secret, "msg_1", timestamp, Encoding.UTF8.GetBytes(body)),
    };
}
