using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using FinanceFlow.Core.Messaging;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.Intake.Messaging;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Tests.Intake.Messaging;

/// <summary>
/// The Functions host's Service Bus relay on Azurite: the handler validates and keeps a message, the relay puts a claim check on
/// a real storage queue, and the queue side (as the <c>[QueueTrigger]</c> calls it) starts the run under the Service Bus MessageId.
/// </summary>
[Trait("Category", "Integration")]
public sealed class IntakeRelayTests : IClassFixture<AzuriteProcess>
{
    private static readonly DateTimeOffset Enqueued = IntakeHarness.Enqueued;
    private readonly IntakeHarness _harness;
    private readonly QueueClient _queue;
    private readonly StorageQueueIntakeRelay _relay;
    private readonly string _reportId = "R-" + Guid.NewGuid().ToString("N")[..10];

    public IntakeRelayTests(AzuriteProcess azurite)
    {
        _harness = new IntakeHarness(azurite, nameof(ProcessExpenseReport));
        var queueName = "relay-" + Guid.NewGuid().ToString("N")[..12];
        var queues = new QueueServiceClient(azurite.ConnectionString);
        _queue = queues.GetQueueClient(queueName);
        _relay = new StorageQueueIntakeRelay(queues, Options.Create(new StorageQueueIntakeOptions { QueueName = queueName }));
    }

    private string MessageId => "sb-" + _reportId;

    private string InstanceId => new ReportKey("canonical", _reportId).InstanceId(1);

    [Fact]
    public async Task RelayAsync_ValidReport_KeepsItPutsAClaimCheckOnTheQueueAndStartsNothing()
    {
        var result = await _harness.Handler.RelayAsync(ServiceBusMessage(ReportEvent()), _relay, CancellationToken.None);

        Assert.Equal(IntakeResult.Complete, result);
        Assert.Empty(_harness.Instances);
        var ticket = Assert.Single(await ReceiveAsync());
        Assert.Equal(IntakeEventTypes.Relayed, ticket.Event.GetProperty("type").GetString());
        Assert.Equal(IntakeRelayTicket.RelaySource, ticket.Event.GetProperty("source").GetString());
        var data = ticket.Event.GetProperty("data");
        Assert.Equal(($"messages/2026/11/26/{MessageId}.json", MessageId, "servicebus"), (data.GetProperty("blob").GetString(), data.GetProperty("messageId").GetString(), data.GetProperty("transport").GetString()));
        Assert.Equal(Enqueued, data.GetProperty("enqueuedAt").GetDateTimeOffset());
        var relayed = Assert.Single(await AuditAsync(), r => r.Outcome == "Relayed");
        Assert.Contains($"relayed to storage queue {_queue.Name}", relayed.Detail, StringComparison.Ordinal);
        Assert.Equal("/platforms/acme-expenses", relayed.Actor);
    }

    [Fact]
    public async Task ClaimCheck_HandledOnTheQueue_StartsTheWebhooksInstanceUnderTheServiceBusMessageId()
    {
        await _harness.Handler.RelayAsync(ServiceBusMessage(ReportEvent()), _relay, CancellationToken.None);
        var ticket = Assert.Single(await ReceiveAsync());

        var result = await _harness.Handler.HandleAsync(ticket.AsQueueDelivery(), _harness.Client.Object, CancellationToken.None);

        Assert.Equal(IntakeResult.Complete, result);
        Assert.Equal([InstanceId], _harness.Instances.Keys);
        var input = (ProcessReportInput)Assert.Single(_harness.Inputs)!;
        Assert.Equal((MessageId, $"canonical/2026/11/26/msg-{MessageId}.json", Enqueued), (input.MessageId, input.RawBlobName, input.ReceivedAt));
        var accepted = Assert.Single(await AuditAsync(), r => r.Outcome == "Accepted");
        Assert.Contains("message " + MessageId, accepted.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceBusRedelivery_RelayedTwice_StartsOneRun()
    {
        // The relay sent its claim check, then crashed before completing the Service Bus message: Service Bus delivers it again.
        await _harness.Handler.RelayAsync(ServiceBusMessage(ReportEvent(), deliveryCount: 1), _relay, CancellationToken.None);
        await _harness.Handler.RelayAsync(ServiceBusMessage(ReportEvent(), deliveryCount: 2), _relay, CancellationToken.None);
        var tickets = await ReceiveAsync();

        foreach (var ticket in tickets)
        {
            Assert.Equal(IntakeResult.Complete, await _harness.Handler.HandleAsync(ticket.AsQueueDelivery(), _harness.Client.Object, CancellationToken.None));
        }

        Assert.Equal(2, tickets.Count);
        Assert.Single(tickets.Select(t => t.Event.GetProperty("id").GetString()).Distinct());
        Assert.Equal([InstanceId], _harness.Instances.Keys);
        Assert.Equal(
            ["Accepted", "Redelivered", "Relayed", "Relayed"],
            (await AuditAsync()).Where(r => r.Step == IntakeAudit.Step).Select(r => r.Outcome).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RelayAsync_ReportBreaksTheSchema_DeadLettersOnServiceBusAndRelaysNothing()
    {
        var data = SampleReports.CanonicalJson(_reportId).Replace("\"paymentType\": \"outOfPocket\",", string.Empty, StringComparison.Ordinal);

        var result = await _harness.Handler.RelayAsync(ServiceBusMessage(IntakeMessages.Event(data, id: "evt-" + _reportId)), _relay, CancellationToken.None);

        Assert.Equal((IntakeDisposition.DeadLetter, DeadLetterReasons.InvalidData), (result.Disposition, result.Reason));
        Assert.StartsWith("/data/lines/0/paymentType: is required", result.Description, StringComparison.Ordinal);
        Assert.Empty(await ReceiveAsync());
        var status = await _harness.Statuses.GetAsync(new ReportKey("canonical", _reportId), CancellationToken.None);
        Assert.Equal(ReportOutcome.Rejected, status!.Outcome);
        Assert.Equal("DeadLettered", Assert.Single(await AuditAsync()).Outcome);
    }

    [Fact]
    public async Task RelayAsync_MessageLargerThanAStorageQueueMessage_TravelsAsAClaimCheckAndStarts()
    {
        // 200 KB: fine on Service Bus (256 KB on Standard), four times what a storage queue message holds.
        var cloudEvent = JsonNode.Parse(ReportEvent())!;
        cloudEvent["producernotes"] = new string('x', 200 * 1024);
        var message = ServiceBusMessage(cloudEvent.ToJsonString());

        await _harness.Handler.RelayAsync(message, _relay, CancellationToken.None);
        var ticket = Assert.Single(await ReceiveAsync());
        await _harness.Handler.HandleAsync(ticket.AsQueueDelivery(), _harness.Client.Object, CancellationToken.None);

        Assert.True(ticket.Text.Length < 2048, $"the queue message is {ticket.Text.Length} characters");
        Assert.True(message.Body.Length > 200 * 1024);
        Assert.Equal([InstanceId], _harness.Instances.Keys);
    }

    [Fact]
    public async Task RelayAsync_CardBatch_RelaysAndTheQueueSideStartsTheBatchRun()
    {
        var batchId = "B-" + Guid.NewGuid().ToString("N")[..10];
        var message = new IntakeMessage("sb-" + batchId, IntakeMessages.Bytes(IntakeMessages.Event(CardBatches.Json(batchId), id: "evt-" + batchId, type: IntakeEventTypes.CardTransactions, source: null)), 1, Enqueued, "servicebus");

        await _harness.Handler.RelayAsync(message, _relay, CancellationToken.None);
        Assert.Empty(_harness.Instances);
        var ticket = Assert.Single(await ReceiveAsync());
        await _harness.Handler.HandleAsync(ticket.AsQueueDelivery(), _harness.Client.Object, CancellationToken.None);

        Assert.Equal([$"cards:US01:{batchId}"], _harness.Instances.Keys);
        var input = (ProcessCardBatchInput)Assert.Single(_harness.Inputs)!;
        Assert.Equal(("sb-" + batchId, $"cards/2026/11/26/msg-sb-{batchId}.json"), (input.MessageId, input.RawBlobName));
        var rows = await _harness.Audit.ReadAsync(Core.Cards.CardBatch.KeyOf("US01", batchId), CancellationToken.None);
        Assert.Equal(["Accepted", "Relayed"], rows.Select(r => r.Outcome).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ClaimCheck_NamingAMessageNotKept_DeadLettersWithTheBlob()
    {
        var ticket = new IntakeRelayTicket($"messages/2026/11/26/{MessageId}.json", MessageId, Enqueued, "servicebus").ToCloudEvent();

        var result = await _harness.Handler.HandleAsync(new IntakeMessage(null, ticket, 1, Enqueued, "storagequeue"), _harness.Client.Object, CancellationToken.None);

        Assert.Equal((IntakeDisposition.DeadLetter, DeadLetterReasons.RelayedMessageMissing), (result.Disposition, result.Reason));
        Assert.Contains($"/data/blob: messages/2026/11/26/{MessageId}.json is not in the raw container", result.Description, StringComparison.Ordinal);
        Assert.Empty(_harness.Instances);
    }

    [Fact]
    public async Task RelayAsync_AClaimCheckSentToServiceBus_DeadLettersIt()
    {
        var ticket = new IntakeRelayTicket($"messages/2026/11/26/{MessageId}.json", MessageId, Enqueued, "servicebus").ToCloudEvent();

        var result = await _harness.Handler.RelayAsync(new IntakeMessage("sb-ticket-" + _reportId, ticket, 1, Enqueued, "servicebus"), _relay, CancellationToken.None);

        Assert.Equal((IntakeDisposition.DeadLetter, DeadLetterReasons.InvalidEnvelope), (result.Disposition, result.Reason));
        Assert.Contains("/type: financeflow.intake.relayed is read only by the queue the relay writes to", result.Description, StringComparison.Ordinal);
        Assert.Empty(await ReceiveAsync());
    }

    [Fact]
    public async Task ClaimCheck_WithAMalformedTicket_DeadLettersNamingTheField()
    {
        var json = """{"specversion":"1.0","id":"t-1","source":"/x","type":"financeflow.intake.relayed","data":{"blob":"../secrets.json","messageId":"m","enqueuedAt":"2026-11-26T09:00:00Z","transport":"servicebus"}}""";

        var result = await _harness.Handler.HandleAsync(new IntakeMessage(null, IntakeMessages.Bytes(json), 1, Enqueued, "storagequeue"), _harness.Client.Object, CancellationToken.None);

        Assert.Equal((IntakeDisposition.DeadLetter, DeadLetterReasons.InvalidEnvelope), (result.Disposition, result.Reason));
        Assert.Contains("/data/blob", result.Description, StringComparison.Ordinal);
    }

    private string ReportEvent() => IntakeMessages.Event(SampleReports.CanonicalJson(_reportId), id: "evt-" + _reportId);

    private IntakeMessage ServiceBusMessage(string json, int deliveryCount = 1) => new(MessageId, IntakeMessages.Bytes(json), deliveryCount, Enqueued, "servicebus");

    private async Task<IReadOnlyList<QueuedTicket>> ReceiveAsync()
    {
        if (!(await _queue.ExistsAsync()).Value)
        {
            return [];
        }

        var received = (await _queue.ReceiveMessagesAsync(32)).Value;
        return [.. received.Select(m => new QueuedTicket(m.MessageText, JsonDocument.Parse(Convert.FromBase64String(m.MessageText)).RootElement.Clone(), m.InsertedOn ?? Enqueued))];
    }

    private async Task<IReadOnlyList<AuditRecord>> AuditAsync() => await _harness.Audit.ReadAsync(new ReportKey("canonical", _reportId), CancellationToken.None);

    /// <summary>A claim check as it sits on the queue: the base64 text, and the CloudEvent in it.</summary>
    private sealed record QueuedTicket(string Text, JsonElement Event, DateTimeOffset InsertedOn)
    {
        /// <summary>As the queue trigger hands it to the handler: decoded, no MessageId (queue ids are the queue's).</summary>
        public IntakeMessage AsQueueDelivery() => new(null, Encoding.UTF8.GetBytes(Event.GetRawText()), 1, InsertedOn, "storagequeue");
    }
}
