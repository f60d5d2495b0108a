using Azure.Storage.Blobs;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Cards;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.Intake.Messaging;
using FinanceFlow.Workflows.Sources;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace FinanceFlow.Workflows.Tests.Intake.Messaging;

/// <summary>
/// The message intake on fresh tables and the blobs of an Azurite, with a Durable client that knows the instances it was
/// asked to start (as the real one does) and keeps their inputs.
/// </summary>
internal sealed class IntakeHarness
{
    public static readonly DateTimeOffset Enqueued = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    public IntakeHarness(AzuriteProcess azurite, string orchestrationName, IntakeOptions? intake = null)
    {
        Circuit = new IntakeStorageCircuit(Microsoft.Extensions.Options.Options.Create(intake ?? new IntakeOptions()), TimeProvider.System, NullLogger<IntakeStorageCircuit>.Instance);
        var tables = new FreshTables(azurite.ConnectionString);
        Blobs = new BlobServiceClient(azurite.ConnectionString);
        Statuses = new TableReportStatusStore(tables);
        Audit = new TableAuditTrail(tables);
        Batches = new TableCardBatchStore(tables);
        var raw = new BlobRawPayloadStore(Blobs);
        var time = new FixedTime(Enqueued.AddSeconds(2));
        var intakeAudit = new IntakeAudit(Audit, time);
        var admissions = new ReportAdmission(Statuses, intakeAudit, Circuit, TestOptions.FinanceFlow(), NullLogger<ReportAdmission>.Instance);
        var cards = new CardBatchAdmission(raw, Batches, intakeAudit, TestOptions.FinanceFlow(), time, NullLogger<CardBatchAdmission>.Instance);
        Handler = new IntakeMessageHandler(raw, [new CanonicalDocumentAdapter()], admissions, cards, intakeAudit, Statuses, Circuit, time, NullLogger<IntakeMessageHandler>.Instance);

        Client.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), false, It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool _, CancellationToken _) =>
                Instances.TryGetValue(id, out var status) ? new OrchestrationMetadata(orchestrationName, id) { RuntimeStatus = status } : null);
        Client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((TaskName _, object? input, StartOrchestrationOptions? o, CancellationToken _) =>
            {
                Instances[o!.InstanceId!] = OrchestrationRuntimeStatus.Running;
                Inputs.Add(input);
                return o.InstanceId!;
            });
    }

    public Mock<DurableTaskClient> Client { get; } = new("test");

    /// <summary>The intake's storage circuit, with the default settings or those the harness was given.</summary>
    public IntakeStorageCircuit Circuit { get; }

    /// <summary>Every instance started, with the status <see cref="DurableTaskClient.GetInstanceAsync(string, bool, CancellationToken)"/> reports.</summary>
    public Dictionary<string, OrchestrationRuntimeStatus> Instances { get; } = [];

    /// <summary>The inputs of the started instances, in order.</summary>
    public List<object?> Inputs { get; } = [];

    public BlobServiceClient Blobs { get; }

    public TableReportStatusStore Statuses { get; }

    public TableAuditTrail Audit { get; }

    public TableCardBatchStore Batches { get; }

    public IntakeMessageHandler Handler { get; }
}
