using System.Text.Json.Nodes;
using FinanceFlow.Connectors.Concur;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Posting;
using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Emulators.Concur;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.Reconciliation;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.Sources;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace FinanceFlow.Workflows.Tests.Reconciliation;

/// <summary>Concur's side of the three-way reconciliation: the documents Concur still offers, as FinanceFlow records them, and their redrive.</summary>
public sealed class ConcurApprovedDocumentsTests : IDisposable
{
    private const string AdvanceId = "FE884EE31617CF4CABE36C7FC44512A1";
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly LedgerWindow AnyWindow = new(new DateOnly(2026, 11, 25), new DateOnly(2026, 11, 25));

    private readonly ConcurFisEmulator _concur = new ConcurFisEmulator().WithTokens();
    private readonly ServiceProvider _services;
    private readonly Mock<IRawPayloadStore> _raw = new();
    private readonly Mock<IReportStatusStore> _statuses = new();
    private readonly Mock<IAuditTrail> _audit = new();
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly List<ReportStatusRecord> _statusRows = [];

    public ConcurApprovedDocumentsTests()
    {
        _services = _concur.Services();
        _raw.Setup(r => r.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<BinaryData>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string source, string id, DateTimeOffset _, BinaryData _, CancellationToken _) => $"{source}/2026/11/26/{id}.json");
        _statuses.Setup(s => s.UpsertAsync(It.IsAny<ReportStatusRecord>(), It.IsAny<CancellationToken>()))
            .Callback<ReportStatusRecord, CancellationToken>((r, _) => _statusRows.Add(r)).Returns(Task.CompletedTask);
        _audit.Setup(a => a.AppendAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task ListAsync_OfferedExpenseAndAdvance_AreTheReportIdsTotalsEmployeesAndAccountingDatesFinanceFlowRecords()
    {
        // Arrange: an expense report (embedded as a JSON string, as the guide's sample shows it) and a cash advance.
        _concur.Offer(
            ConcurFisPayloads.ListItem("fis-exp-1", document: ConcurFisPayloads.ExpenseDocument("R-100"), asString: true),
            ConcurFisPayloads.ListItem("fis-ca-1", "cashadvance", JsonNode.Parse(ConcurFisPayloads.Fis("concur-fis-v4-document-cashadvance.json"))));

        // Act: the window is not Concur's to filter by.
        var documents = await Approved().ListAsync(AnyWindow, CancellationToken.None);

        // Assert
        Assert.Equal(
            [
                new ApprovedDocument("concur", "R-100", "12345AB", 200m, "USD", new DateOnly(2018, 3, 2)),
                new ApprovedDocument("concur", $"cashadvance-{AdvanceId}", "12345ID", 150m, "USD", new DateOnly(2018, 3, 6)),
            ],
            documents);
    }

    [Fact]
    public async Task ListAsync_ConcurDown_ThrowsSourceUnreadable()
    {
        // Arrange
        _concur.With("GET", ConcurFisEmulator.TransactionsPathOf("expense"), 503, "");

        // Act
        var ex = await Assert.ThrowsAsync<SourceUnreadableException>(() => Approved().ListAsync(AnyWindow, CancellationToken.None));

        // Assert
        Assert.IsType<ConcurUnavailableException>(ex.InnerException);
        Assert.Contains("expense document list", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedriveAsync_OfferedDocument_RunsOnceUnderItsReportIdWithTheListedTotalAndIsAcknowledged()
    {
        // Arrange
        _concur.Offer(
            ConcurFisPayloads.ListItem("fis-exp-1", document: ConcurFisPayloads.ExpenseDocument("R-100")),
            ConcurFisPayloads.ListItem("fis-exp-2", document: ConcurFisPayloads.ExpenseDocument("R-200")));
        var approved = Approved();
        var missing = Assert.Single(await approved.ListAsync(AnyWindow, CancellationToken.None), d => d.DocumentId == "R-100");
        var gone = missing with { DocumentId = "R-GONE" };

        // Act
        var lines = await approved.RedriveAsync([missing, gone], _client.Object, CancellationToken.None);

        // Assert: one run, for R-100 only; its status row is the one the reconciliation compares with, and matches what was listed.
        _client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(
                It.Is<TaskName>(n => n.Name == nameof(ProcessExpenseReport)), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()),
            Times.Once);
        _client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(
                It.IsAny<TaskName>(), It.IsAny<object?>(), It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == "expense:concur:R-100:v1"), It.IsAny<CancellationToken>()),
            Times.Once);
        var row = Assert.Single(_statusRows);
        Assert.Equal((missing.DocumentId, missing.Employee, missing.Amount, missing.Currency), (row.ReportId, row.EmployeeId, row.TotalAmount, row.Currency));
        Assert.Equal(["fis-exp-1"], _concur.Acknowledged);
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("concur R-100 (FIS document fis-exp-1): redriven, started as expense:concur:R-100:v1", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("concur R-GONE: not redriven, Concur no longer offers it", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollAsync_ReadyDocumentWithoutEvent_StartsItsRunAndTheNextPollFindsNothing()
    {
        // Arrange
        _concur.Offer(ConcurFisPayloads.ListItem("fis-exp-1", document: ConcurFisPayloads.ExpenseDocument("R-100")));
        var poll = Poll();

        // Act
        var first = await poll.PollAsync(_client.Object, CancellationToken.None);
        var second = await poll.PollAsync(_client.Object, CancellationToken.None);

        // Assert: fetched by docId like the event's href, kept under its FIS id, acknowledged, started once.
        Assert.Equal((1, 1, 0, 0), (first.Listed, first.Started, first.AlreadyKnown, first.Refused));
        Assert.Equal((0, 0), (second.Listed, second.Started));
        Assert.Contains(_concur.Received(ConcurFisEmulator.TransactionsPathOf("expense")), e => e.RequestMessage.Query!.TryGetValue("docId", out var id) && id.Single() == "R-100");
        _raw.Verify(r => r.SaveAsync("concur", "doc-fis-exp-1", It.IsAny<DateTimeOffset>(), It.IsAny<BinaryData>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(["fis-exp-1"], _concur.Acknowledged);
        var runs = _audit.Invocations.Select(i => i.Arguments[0]).OfType<AuditRecord>().Where(r => r.Step == AuditSteps.ConcurPoll).ToList();
        Assert.Equal(
            [("listed 1, started 1, already known 0, refused 0", AuditOutcomes.Synced), ("listed 0, started 0, already known 0, refused 0", AuditOutcomes.Synced)],
            runs.Select(r => (r.Detail, r.Outcome)));
        Assert.All(runs, r => Assert.Equal((AuditPartitions.ConcurPoll, "concur-poll"), (r.Report.Source, r.Actor)));
        _client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()),
            Times.Once);
    }

    public void Dispose()
    {
        _services.Dispose();
        _concur.Dispose();
    }

    private ConcurApprovedDocuments Approved() =>
        new(_services.GetRequiredService<ConcurFisClient>(), Adapter(), Poll(), NullLogger<ConcurApprovedDocuments>.Instance);

    private ConcurDocumentPoll Poll()
    {
        var time = new FixedTime(Now);
        var fisOptions = _services.GetRequiredService<IOptions<ConcurFisOptions>>();
        var circuit = new IntakeStorageCircuit(Options.Create(new IntakeOptions()), TimeProvider.System, NullLogger<IntakeStorageCircuit>.Instance);
        var intakeAudit = new IntakeAudit(_audit.Object, time);
        var admissions = new ReportAdmission(_statuses.Object, intakeAudit, circuit, TestOptions.FinanceFlow(), NullLogger<ReportAdmission>.Instance);
        var fis = _services.GetRequiredService<ConcurFisClient>();
        var intake = new ConcurEventIntake(fis, fisOptions, _raw.Object, Adapter(), admissions, intakeAudit, _statuses.Object, circuit, time, NullLogger<ConcurEventIntake>.Instance);
        return new ConcurDocumentPoll(fis, fisOptions, intake, _audit.Object, time, NullLogger<ConcurDocumentPoll>.Instance);
    }

    private static ConcurDocumentAdapter Adapter() =>
        new(new StaticOptions<ConcurPostingOptions>(new()), new StaticOptions<AccountMap>(new AccountMap()), new FixedTime(Now));
}
