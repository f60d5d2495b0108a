using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FinanceFlow.Api.Http;
using FinanceFlow.Api.Intake;
using FinanceFlow.Connectors.Concur;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using FinanceFlow.Emulators.Concur;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.Sources;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace FinanceFlow.Api.Tests.Intake;

public sealed class ConcurWebhookTests : IDisposable
{
    private const string DocumentId = "5F8FC21234374B979809";
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly ConcurFisEmulator _fis = new();
    private readonly Mock<IRawPayloadStore> _raw = new();
    private readonly Mock<IReportStatusStore> _statuses = new();
    private readonly Mock<IAuditTrail> _audit = new();
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly List<AuditRecord> _auditRows = [];
    private readonly List<ReportStatusRecord> _statusRows = [];
    private readonly Dictionary<string, int> _acknowledgementsWhenStored = [];

    public ConcurWebhookTests()
    {
        _raw.Setup(r => r.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<BinaryData>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string source, string id, DateTimeOffset _, BinaryData _, CancellationToken _) =>
            {
                _acknowledgementsWhenStored[id] = _fis.Received(ConcurFisEmulator.AcknowledgementsPath).Count;
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
    public async Task HandleAsync_ReadyForIntegration_StoresTheDocumentBeforeAcknowledgingAndStartsThePipelineOnIt()
    {
        _fis.ServeExpense(DocumentId);

        var (status, _, body) = await RunAsync(_fis.ReadyEvent(DocumentId));

        Assert.Equal(202, status);
        Assert.Equal("expense:concur:D0719B539ED64FE612AB:v1", body.GetProperty("id").GetString());
        Assert.Equal(0, _acknowledgementsWhenStored[$"doc-{DocumentId}"]);
        var acknowledgement = Assert.Single(_fis.Received(ConcurFisEmulator.AcknowledgementsPath));
        Assert.Contains(DocumentId, acknowledgement.RequestMessage.Body, StringComparison.Ordinal);
        _client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(
                It.Is<TaskName>(n => n.Name == nameof(ProcessExpenseReport)),
                It.Is<object?>(i => ((ProcessReportInput)i!).RawBlobName == $"concur/2026/11/26/doc-{DocumentId}.json"),
                It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == "expense:concur:D0719B539ED64FE612AB:v1"),
                It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Fact]
    public async Task HandleAsync_OtherEventType_Answers200IgnoredWithAnAuditRowAndStartsNothing()
    {
        var json = ConcurFisPayloads.Event("concur-ess-v4-expense-report-reportCreated.json");

        var (status, _, body) = await RunAsync(json);

        Assert.Equal(200, status);
        Assert.Equal("reportCreated", body.GetProperty("ignored").GetString());
        Assert.Contains(_auditRows, r => r.Outcome == "Ignored" && r.Report.Source == "concur");
        Assert.Empty(_fis.Received(ConcurFisEmulator.TransactionsPath));
        VerifyNothingStarted();
    }

    [Fact]
    public async Task HandleAsync_FisAnswers503_Answers503AndAcknowledgesNothing()
    {
        _fis.With("GET", ConcurFisEmulator.TransactionsPath, 503, "{}");

        var (status, contentType, _) = await RunAsync(_fis.ReadyEvent(DocumentId));

        Assert.Equal(503, status);
        Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
        Assert.Empty(_fis.Received(ConcurFisEmulator.AcknowledgementsPath));
        VerifyNothingStarted();
    }

    [Fact]
    public async Task HandleAsync_DocumentNotFound_Answers200AndShowsARejectedStatusRowNamingTheHref()
    {
        _fis.With("GET", ConcurFisEmulator.TransactionsPath, 404, "{}");

        var (status, _, body) = await RunAsync(_fis.ReadyEvent(DocumentId));

        Assert.Equal(200, status);
        Assert.EndsWith("concur-document-not-found", body.GetProperty("type").GetString(), StringComparison.Ordinal);
        var row = Assert.Single(_statusRows);
        Assert.Equal((ReportOutcome.Rejected, DocumentId), (row.Outcome, row.ReportId));
        Assert.Contains($"{ConcurFisEmulator.TransactionsPath}?docId={DocumentId}", row.FailureReason, StringComparison.Ordinal);
        Assert.Contains(_auditRows, r => r.Outcome == "Rejected" && r.Report.ReportId == DocumentId);
        Assert.Empty(_fis.Received(ConcurFisEmulator.AcknowledgementsPath));
        VerifyNothingStarted();
    }

    [Fact]
    public async Task HandleAsync_DocumentIdKeptBeforeWithOtherContent_IsAVisibleRejectionNotAcknowledgedNorStarted()
    {
        _raw.Setup(r => r.SaveAsync("concur", $"doc-{DocumentId}", It.IsAny<DateTimeOffset>(), It.IsAny<BinaryData>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RawPayloadConflictException($"concur/2026/11/26/doc-{DocumentId}.json", $"concur/2026/11/26/doc-{DocumentId}.conflict-0123456789abcdef.json"));
        _fis.ServeExpense(DocumentId);

        var (status, _, body) = await RunAsync(_fis.ReadyEvent(DocumentId));

        Assert.Equal(200, status);
        Assert.EndsWith("concur-document-changed", body.GetProperty("type").GetString(), StringComparison.Ordinal);
        var row = Assert.Single(_statusRows);
        Assert.Equal(ReportOutcome.Rejected, row.Outcome);
        Assert.Contains(".conflict-0123456789abcdef.json", row.FailureReason, StringComparison.Ordinal);
        Assert.Empty(_fis.Received(ConcurFisEmulator.AcknowledgementsPath));
        VerifyNothingStarted();
    }

    [Fact]
    public async Task HandleAsync_RedeliveryAfterConcurStoppedOfferingTheDocument_IsADuplicateNotARejection()
    {
        _fis.ServeExpense(DocumentId);
        var first = await RunAsync(_fis.ReadyEvent(DocumentId));
        _fis.With("GET", ConcurFisEmulator.TransactionsPath, 404, "{}");

        var (status, _, body) = await RunAsync(_fis.ReadyEvent(DocumentId));

        Assert.Equal(202, first.Status);
        Assert.Equal(200, status);
        Assert.Equal(DocumentId, body.GetProperty("duplicate").GetString());
        Assert.DoesNotContain(_statusRows, r => r.Outcome == ReportOutcome.Rejected);
        Assert.Contains(_auditRows, r => r.Outcome == "Redelivered" && r.Report.ReportId == DocumentId);
    }

    [Fact]
    public async Task HandleAsync_StorageFailedAfterTheAcknowledgement_RedeliveryAdmitsTheKeptCopyNotARejection()
    {
        _fis.ServeExpense(DocumentId);
        var kept = new Dictionary<string, BinaryData>();
        _raw.Setup(r => r.SaveAsync("concur", It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<BinaryData>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string source, string id, DateTimeOffset _, BinaryData data, CancellationToken _) =>
            {
                kept[$"{source}/2026/11/26/{id}.json"] = data;
                return $"{source}/2026/11/26/{id}.json";
            });
        _raw.Setup(r => r.ReadAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((string blob, CancellationToken _) => kept[blob]);
        var upserts = 0;
        _statuses.Setup(s => s.UpsertAsync(It.IsAny<ReportStatusRecord>(), It.IsAny<CancellationToken>()))
            .Returns((ReportStatusRecord r, CancellationToken _) =>
            {
                // Storage goes away right after Concur got its acknowledgement: the admission's status row fails once.
                if (upserts++ == 0)
                {
                    throw new Azure.RequestFailedException(503, "The server is busy.");
                }

                _statusRows.Add(r);
                return Task.CompletedTask;
            });
        var first = await RunAsync(_fis.ReadyEvent(DocumentId));
        _fis.With("GET", ConcurFisEmulator.TransactionsPath, 404, "{}");

        var (status, _, body) = await RunAsync(_fis.ReadyEvent(DocumentId));

        Assert.Equal(503, first.Status);
        Assert.Single(_fis.Received(ConcurFisEmulator.AcknowledgementsPath));
        Assert.Equal(202, status);
        Assert.Equal("expense:concur:D0719B539ED64FE612AB:v1", body.GetProperty("id").GetString());
        Assert.DoesNotContain(_statusRows, r => r.Outcome == ReportOutcome.Rejected);
        _client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(
                It.IsAny<TaskName>(),
                It.Is<object?>(i => ((ProcessReportInput)i!).RawBlobName == $"concur/2026/11/26/doc-{DocumentId}.json"),
                It.IsAny<StartOrchestrationOptions?>(),
                It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Fact]
    public async Task HandleAsync_FisDisabled_Answers503NamingTheSetting()
    {
        var (status, _, body) = await RunAsync(_fis.ReadyEvent(DocumentId), enabled: false);

        Assert.Equal(503, status);
        Assert.Contains("FinanceFlow:Sources:concur:Fis:Enabled", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_fis.Received(ConcurFisEmulator.TransactionsPath));
    }

    [Theory]
    [InlineData(true, 200)]
    [InlineData(false, 401)]
    public async Task HandleAsync_ConcurSignatureConfigured_OnlyAValidOneIsAccepted(bool signWithConcursKey, int expected)
    {
        using var concurKey = RSA.Create(2048);
        using var otherKey = RSA.Create(2048);
        var json = ConcurFisPayloads.Event("concur-ess-v4-expense-report-reportCreated.json");
        var signer = signWithConcursKey ? concurKey : otherKey;
        var header = Convert.ToBase64String(signer.SignData(Encoding.UTF8.GetBytes(json), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var options = new ConcurEventSignatureOptions();
        options.EventPublicKeys.Add(concurKey.ExportSubjectPublicKeyInfoPem());

        var (status, _, _) = await RunAsync(json, signature: new ConcurEventSignature(Options.Create(options)), concurSignature: header);

        Assert.Equal(expected, status);
    }

    public void Dispose() => _fis.Dispose();

    /// <summary>The Concur part of the intake over <paramref name="fis"/>'s client.</summary>
    internal static ConcurEventIntake NewIntake(
        IServiceProvider fis, IRawPayloadStore raw, ReportAdmission admissions, IntakeAudit audit, IReportStatusStore statuses, TimeProvider time, IntakeStorageCircuit? circuit = null) =>
        new(
            fis.GetRequiredService<ConcurFisClient>(),
            fis.GetRequiredService<IOptions<ConcurFisOptions>>(),
            raw,
            new ConcurDocumentAdapter(new StaticOptions<ConcurPostingOptions>(new()), new StaticOptions<AccountMap>(new AccountMap()), time),
            admissions,
            audit,
            statuses,
            circuit ?? new IntakeStorageCircuit(Microsoft.Extensions.Options.Options.Create(new IntakeOptions()), TimeProvider.System, NullLogger<IntakeStorageCircuit>.Instance),
            time,
            NullLogger<ConcurEventIntake>.Instance);

    /// <summary>The webhook route as both hosts run it: its route policy, the signature checks (<paramref name="signature"/> or <paramref name="fis"/>'s), then the intake.</summary>
    internal static async Task<(int Status, string? ContentType, JsonElement Body)> ReceiveAsync(
        HttpRequest request, string source, IServiceProvider fis, WebhookIntake intake, TimeProvider time, DurableTaskClient client, ConcurEventSignature? signature = null)
    {
        var authentication = new WebhookAuthentication(
            signature ?? fis.GetRequiredService<ConcurEventSignature>(), TestOptions.FinanceFlow(), time, NullLogger<WebhookAuthentication>.Instance);
        // Senders are not signed in: the webhook signature is what authenticates them.
        request.HttpContext.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
        return await HttpTestContext.RunAsync(
            RouteNames.ReceiveWebhook,
            request,
            () => WebhookEndpoints.ReceiveAsync(request, source, authentication, intake, client, CancellationToken.None));
    }

    private void VerifyNothingStarted() =>
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);

    private async Task<(int Status, string? ContentType, JsonElement Body)> RunAsync(
        string json, bool enabled = true, ConcurEventSignature? signature = null, string? concurSignature = null)
    {
        var time = new FixedTime(Now);
        using var fis = _fis.Services(enabled ? null : new Dictionary<string, string?> { [$"{ConcurFisOptions.SectionName}:Enabled"] = "false" });
        var intakeAudit = new IntakeAudit(_audit.Object, time);
        var circuit = new IntakeStorageCircuit(Microsoft.Extensions.Options.Options.Create(new IntakeOptions()), TimeProvider.System, NullLogger<IntakeStorageCircuit>.Instance);
        var admissions = new ReportAdmission(_statuses.Object, intakeAudit, circuit, TestOptions.FinanceFlow(), NullLogger<ReportAdmission>.Instance);
        var concur = NewIntake(fis, _raw.Object, admissions, intakeAudit, _statuses.Object, time, circuit);
        var intake = new WebhookIntake(_raw.Object, admissions, intakeAudit, concur, circuit, time);
        var timestamp = Now.ToUnixTimeSeconds();
        var headers = new Dictionary<string, string>
        {
            [StandardWebhook.IdHeader] = "msg_c1",
            [StandardWebhook.TimestampHeader] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [StandardWebhook.SignatureHeader] = StandardWebhook.Sign(TestOptions.Secret, "msg_c1", timestamp, Encoding.UTF8.GetBytes(json)),
        };
        if (concurSignature is not null)
        {
            headers[ConcurEventSignature.HeaderName] = concurSignature;
        }

        HttpRequest request = HttpTestContext.Request(json, headers: headers);
        return await ReceiveAsync(request, "concur", fis, intake, time, _client.Object, signature);
    }
}
