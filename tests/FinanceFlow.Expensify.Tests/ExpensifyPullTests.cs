using FinanceFlow.Connectors.Expensify;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Model;
using FinanceFlow.Emulators.Expensify;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.Sources;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace FinanceFlow.Expensify.Tests;

public sealed class ExpensifyPullTests : IDisposable
{
    private readonly ExpensifyEmulator _server = new();
    private readonly Mock<IRawPayloadStore> _raw = new();
    private readonly Mock<IReportStatusStore> _statuses = new();
    private readonly Mock<IAuditTrail> _audit = new();
    private readonly Mock<DurableTaskClient> _durable = new("test");
    private readonly List<string> _rawStored = [];
    private readonly List<ProcessReportInput> _started = [];

    public ExpensifyPullTests()
    {
        _raw.Setup(r => r.SaveAsync("expensify", It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<BinaryData>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string id, DateTimeOffset _, BinaryData _, CancellationToken _) =>
            {
                _rawStored.Add(id);
                return $"expensify/2026/11/26/{id}.json";
            });
        _audit.Setup(a => a.AppendAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        // A known run was accepted at intake, as every run is.
        _audit.Setup(a => a.ReadAsync(It.IsAny<ReportKey>(), It.IsAny<CancellationToken>())).ReturnsAsync((ReportKey key, CancellationToken _) =>
            [new AuditRecord(key, 1, DateTimeOffset.UtcNow, IntakeAudit.Step, "Accepted", "expensify-pull", key.InstanceId(1), "00")]);
        _durable.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback<TaskName, object?, StartOrchestrationOptions?, CancellationToken>((_, input, _, _) => _started.Add((ProcessReportInput)input!))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? o, CancellationToken _) => o!.InstanceId!);
    }

    [Fact]
    public async Task PullAsync_ApprovedReports_KeepsEachRawAndStartsItsRunWithoutMarkingExported()
    {
        _server.WithExport(ExpensifyEmulator.Sample("financeflow-export.json")).WithMarkAsExported();
        using var services = _server.Services();

        var summary = await Pull(services).PullAsync(_durable.Object, CancellationToken.None);

        Assert.Equal(new ExpensifyPullSummary(2, 2, 0, 0, 0), summary);
        Assert.Collection(
            _rawStored,
            id => Assert.Matches("^pull-R006AseGxMka-[0-9a-f]{12}$", id),
            id => Assert.Matches("^pull-R00bCluvcO4T-[0-9a-f]{12}$", id));
        Assert.Equal(["R006AseGxMka", "R00bCluvcO4T"], _started.Select(s => s.ReportId));
        Assert.All(_started, s => Assert.Equal("expensify", s.Source));
        Assert.DoesNotContain(_server.Received, r => r.Job["onFinish"] is not null);
    }

    [Fact]
    public async Task PullAsync_PostedReportStillUnlabelled_LabelsItInsteadOfStartingAgain()
    {
        _server.WithExport(ExpensifyEmulator.Sample("financeflow-export.json")).WithMarkAsExported();
        var posted = new ReportResult("expensify", "R006AseGxMka", 1, ReportOutcome.Posted, "FF-EXPENSIFY-R006AseGxMka", null, "USD", 95.94m, [], null);
        _durable.Setup(c => c.GetInstanceAsync(new ReportKey("expensify", "R006AseGxMka").InstanceId(1), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(nameof(ProcessExpenseReport), "x")
            {
                RuntimeStatus = OrchestrationRuntimeStatus.Completed,
                SerializedOutput = System.Text.Json.JsonSerializer.Serialize(posted, Core.Serialization.FinanceFlowJson.Options),
                DataConverter = new Microsoft.DurableTask.Converters.JsonDataConverter(Core.Serialization.FinanceFlowJson.Options),
            });
        using var services = _server.Services();

        var summary = await Pull(services).PullAsync(_durable.Object, CancellationToken.None);

        Assert.Equal(1, summary.Repaired);
        Assert.Equal(["R00bCluvcO4T"], _started.Select(s => s.ReportId));
        var mark = Assert.Single(_server.Received, r => r.Job["onFinish"] is not null);
        Assert.Contains("R006AseGxMka", mark.Job.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfirmAsync_PostedReport_MarksItExportedWithOurLabel_RejectedOneIsLeft()
    {
        _server.WithMarkAsExported();
        using var services = _server.Services();
        var confirmation = new ExpensifyConfirmation(services.GetRequiredService<ExpensifyClient>(), services.GetRequiredService<IOptions<ExpensifyOptions>>());

        var posted = await confirmation.ConfirmAsync(new ReportResult("expensify", "R1", 1, ReportOutcome.Posted, "FF-EXPENSIFY-R1", null, "USD", 1m, [], null), "expensify/raw.json", CancellationToken.None);
        var rejected = await confirmation.ConfirmAsync(new ReportResult("expensify", "R2", 1, ReportOutcome.Rejected, null, null, "USD", 1m, [], null), "expensify/raw.json", CancellationToken.None);

        Assert.Contains("FinanceFlow", posted, StringComparison.Ordinal);
        Assert.Contains("not marked", rejected, StringComparison.Ordinal);
        var mark = Assert.Single(_server.Received);
        Assert.Contains("R1", mark.Job.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("R2", mark.Job.ToJsonString(), StringComparison.Ordinal);
    }

    public void Dispose() => _server.Dispose();

    private ExpensifyPull Pull(ServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ExpensifyOptions>>();
        var flow = Mock.Of<IOptionsMonitor<FinanceFlowOptions>>(m => m.CurrentValue == new FinanceFlowOptions());
        var intakeAudit = new IntakeAudit(_audit.Object, TimeProvider.System);
        return new ExpensifyPull(
            services.GetRequiredService<ExpensifyClient>(),
            options,
            _raw.Object,
            new ExpensifyDocumentAdapter(services.GetRequiredService<ExpensifyReportMapper>()),
            new ReportAdmission(_statuses.Object, intakeAudit, new IntakeStorageCircuit(Microsoft.Extensions.Options.Options.Create(new IntakeOptions()), TimeProvider.System, NullLogger<IntakeStorageCircuit>.Instance), flow, NullLogger<ReportAdmission>.Instance),
            _statuses.Object,
            intakeAudit,
            TimeProvider.System,
            NullLogger<ExpensifyPull>.Instance);
    }
}
