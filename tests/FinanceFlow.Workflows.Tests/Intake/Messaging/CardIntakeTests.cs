using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Messaging;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Cards;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Intake.Messaging;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace FinanceFlow.Workflows.Tests.Intake.Messaging;

/// <summary>Card batches on the intake queue, on the real blob, table and audit stores of an Azurite, with a mocked Durable client.</summary>
[Trait("Category", "Integration")]
public sealed class CardIntakeTests : IClassFixture<AzuriteProcess>
{
    private static readonly DateTimeOffset Enqueued = IntakeHarness.Enqueued;
    private readonly Mock<DurableTaskClient> _client;
    private readonly Dictionary<string, OrchestrationRuntimeStatus> _instances;
    private readonly TableAuditTrail _audit;
    private readonly TableCardBatchStore _batches;
    private readonly IntakeMessageHandler _handler;
    private readonly IntakeHarness _harness;
    private readonly string _batchId = "B-" + Guid.NewGuid().ToString("N")[..10];

    public CardIntakeTests(AzuriteProcess azurite)
    {
        _harness = new IntakeHarness(azurite, nameof(ProcessCardBatch));
        (_client, _instances, _audit, _batches, _handler) = (_harness.Client, _harness.Instances, _harness.Audit, _harness.Batches, _harness.Handler);
    }

    private List<ProcessCardBatchInput> Inputs => [.. _harness.Inputs.Cast<ProcessCardBatchInput>()];

    private string InstanceId => $"cards:US01:{_batchId}";

    [Fact]
    public async Task HandleAsync_CardBatch_StartsProcessCardBatchUnderTheBatchInstanceIdAndCompletes()
    {
        var result = await _handler.HandleAsync(Message(CardBatches.Json(_batchId), "card-" + _batchId), _client.Object, CancellationToken.None);

        Assert.Equal(IntakeResult.Complete, result);
        _client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(
                It.Is<TaskName>(n => n.Name == nameof(ProcessCardBatch)), It.IsAny<object?>(), It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == InstanceId), It.IsAny<CancellationToken>()),
            Times.Once);
        var input = Assert.Single(Inputs);
        Assert.Equal(("US01", _batchId, $"cards/2026/11/26/msg-card-{_batchId}.json"), (input.LegalEntity, input.BatchId, input.RawBlobName));
        var row = await _batches.GetAsync("US01", _batchId, CancellationToken.None);
        Assert.Equal((ReportOutcome.Pending, 2, 75.50m, $"FF-CARDS-US01-{_batchId}"), (row!.Outcome, row.TransactionCount, row.Total, row.Reference));
        var accepted = Assert.Single(await AuditAsync(), r => r.Outcome == "Accepted");
        Assert.Equal("/platforms/acme-expenses", accepted.Actor);
    }

    [Fact]
    public async Task HandleAsync_SameBatchTwice_StartsOneRun()
    {
        var first = await _handler.HandleAsync(Message(CardBatches.Json(_batchId), "a-" + _batchId), _client.Object, CancellationToken.None);
        var second = await _handler.HandleAsync(Message(CardBatches.Json(_batchId), "b-" + _batchId), _client.Object, CancellationToken.None);

        Assert.Equal((IntakeDisposition.Complete, IntakeDisposition.Complete), (first.Disposition, second.Disposition));
        Assert.Single(Inputs);
        Assert.Equal(["Accepted", "Redelivered"], (await AuditAsync()).Select(r => r.Outcome).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_BatchAwaitingMasterDataSentAgain_RunsItAgain()
    {
        await _handler.HandleAsync(Message(CardBatches.Json(_batchId), "a-" + _batchId), _client.Object, CancellationToken.None);
        _instances[InstanceId] = OrchestrationRuntimeStatus.Completed;
        var row = await _batches.GetAsync("US01", _batchId, CancellationToken.None);
        await _batches.UpsertAsync(row! with { Outcome = ReportOutcome.AwaitingMasterData }, CancellationToken.None);

        await _handler.HandleAsync(Message(CardBatches.Json(_batchId), "b-" + _batchId), _client.Object, CancellationToken.None);

        Assert.Equal(2, Inputs.Count);
        Assert.Contains(await AuditAsync(), r => r.Outcome == "Restarted");
    }

    public static TheoryData<string, string, string> InvalidBatches() => new()
    {
        { "\"currency\": \"USD\",", "", "/data/currency: is required" },
        { "\"amount\": 45.50", "\"amount\": 0", "/data/transactions/0/amount" },
        { "\"transactionId\": \"T2\"", "\"transactionId\": \"T1\"", "/data/transactions/1/transactionId: 'T1' is already the transactionId of /transactions/0" },
        { "\"amount\": 30.00", "\"amount\": 30.00, \"currency\": \"EUR\"", "/data/transactions/1/currency: must be the batch currency USD" },
    };

    [Theory]
    [MemberData(nameof(InvalidBatches))]
    public async Task HandleAsync_BatchBreaksItsSchema_DeadLettersWithADataPointerAndAuditsUnderTheBatch(string find, string replace, string named)
    {
        var data = CardBatches.Json(_batchId).Replace(find, replace, StringComparison.Ordinal);

        var result = await _handler.HandleAsync(Message(data, "bad-" + _batchId), _client.Object, CancellationToken.None);

        Assert.Equal((IntakeDisposition.DeadLetter, DeadLetterReasons.InvalidData), (result.Disposition, result.Reason));
        Assert.Contains(named, result.Description, StringComparison.Ordinal);
        Assert.Empty(Inputs);
        Assert.Equal("DeadLettered", Assert.Single(await AuditAsync()).Outcome);
        Assert.Null(await _batches.GetAsync("US01", _batchId, CancellationToken.None));
    }

    private static IntakeMessage Message(string data, string id) =>
        new(null, IntakeMessages.Bytes(IntakeMessages.Event(data, id: id, type: IntakeEventTypes.CardTransactions, source: null)), 1, Enqueued, "test");

    private async Task<IReadOnlyList<AuditRecord>> AuditAsync() =>
        await _audit.ReadAsync(CardBatch.KeyOf("US01", _batchId), CancellationToken.None);
}

/// <summary>Card batch documents for tests: two USD transactions of employee E100, 75.50 in all.</summary>
internal static class CardBatches
{
    public static string Json(string batchId, string entity = "US01", string t1 = "T1", string t2 = "T2") => $$"""
        {
          "batchId": "{{batchId}}",
          "legalEntity": "{{entity}}",
          "cardProgram": "AMEX Corporate",
          "statementDate": "2026-11-25",
          "currency": "USD",
          "transactions": [
            { "transactionId": "{{t1}}", "employeeId": "E100", "postedDate": "2026-11-20", "merchant": "Blue Bottle", "amount": 45.50 },
            { "transactionId": "{{t2}}", "employeeId": "E100", "postedDate": "2026-11-21", "merchant": "Taxi", "amount": 30.00 }
          ]
        }
        """;
}
