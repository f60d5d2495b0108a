using System.Text;
using System.Text.Json.Nodes;
using FinanceFlow.Connectors.Concur;
using FinanceFlow.Core.Messaging;
using FinanceFlow.Core.Posting;
using FinanceFlow.Emulators.Concur;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Cards;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.Intake.Messaging;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.Sources;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FinanceFlow.Workflows.Tests.CashAdvances;

/// <summary>A Concur cash-advance document arriving as a queue message (<c>financeflow.expense.report.submitted</c>, source concur).</summary>
public sealed class CashAdvanceQueueIntakeTests
{
    private const string AdvanceId = "FE884EE31617CF4CABE36C7FC44512A1";
    private static readonly DateTimeOffset Enqueued = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly Mock<IRawPayloadStore> _raw = new();
    private readonly Mock<IReportStatusStore> _statuses = new();
    private readonly Mock<IAuditTrail> _audit = new();
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly List<AuditRecord> _auditRows = [];

    public CashAdvanceQueueIntakeTests()
    {
        _raw.Setup(r => r.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<BinaryData>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string source, string id, DateTimeOffset _, BinaryData _, CancellationToken _) => $"{source}/2026/11/26/{id}.json");
        _audit.Setup(a => a.AppendAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>()))
            .Callback<AuditRecord, CancellationToken>((r, _) => _auditRows.Add(r)).Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task HandleAsync_CashAdvanceDocument_StartsTheIssuanceRunInsteadOfDeadLetteringIt()
    {
        var document = new JsonObject
        {
            ["content"] = new JsonArray(new JsonObject
            {
                ["id"] = "CA-FIS-1",
                ["docType"] = "cashadvance",
                ["document"] = JsonNode.Parse(ConcurFisPayloads.Fis("concur-fis-v4-document-cashadvance.json")),
            }),
        };
        var envelope = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = "evt-ca-1",
            ["source"] = "/concur/relay",
            ["type"] = IntakeEventTypes.ReportSubmitted,
            ["time"] = "2026-11-26T09:00:00Z",
            ["datacontenttype"] = "application/json",
            [IntakeEventTypes.SourceExtension] = "concur",
            ["data"] = document,
        };

        var result = await Handler().HandleAsync(new IntakeMessage("sb-ca-1", Encoding.UTF8.GetBytes(envelope.ToJsonString()), 1, Enqueued, "test"), _client.Object, CancellationToken.None);

        Assert.Equal(IntakeResult.Complete, result);
        _client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(
                It.Is<TaskName>(n => n.Name == nameof(ProcessExpenseReport)),
                It.Is<object?>(i => ((ProcessReportInput)i!).RawBlobName == "concur/2026/11/26/msg-sb-ca-1.json"),
                It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == $"expense:concur:cashadvance-{AdvanceId}:v1"),
                It.IsAny<CancellationToken>()),
            Times.Once);
        Assert.Contains(_auditRows, r => r.Outcome == "Accepted" && r.Report.ReportId == $"cashadvance-{AdvanceId}");
        Assert.DoesNotContain(_auditRows, r => r.Outcome == "DeadLettered");
    }

    private IntakeMessageHandler Handler()
    {
        var time = new FixedTime(Enqueued.AddSeconds(2));
        var circuit = new IntakeStorageCircuit(Microsoft.Extensions.Options.Options.Create(new IntakeOptions()), TimeProvider.System, NullLogger<IntakeStorageCircuit>.Instance);
        var intakeAudit = new IntakeAudit(_audit.Object, time);
        var admissions = new ReportAdmission(_statuses.Object, intakeAudit, circuit, TestOptions.FinanceFlow(), NullLogger<ReportAdmission>.Instance);
        var cards = new CardBatchAdmission(_raw.Object, new Mock<ICardBatchStore>().Object, intakeAudit, TestOptions.FinanceFlow(), time, NullLogger<CardBatchAdmission>.Instance);
        var adapter = new ConcurDocumentAdapter(new StaticOptions<ConcurPostingOptions>(new()), new StaticOptions<AccountMap>(new AccountMap()), time);
        return new IntakeMessageHandler(_raw.Object, [adapter], admissions, cards, intakeAudit, _statuses.Object, circuit, time, NullLogger<IntakeMessageHandler>.Instance);
    }
}
