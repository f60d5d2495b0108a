using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using FinanceFlow.Functions.Messaging;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.Intake.Messaging;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace FinanceFlow.Functions.Tests;

/// <summary>The queue-triggered intake function, called as the Functions runtime would call it.</summary>
public sealed class IntakeQueueFunctionTests
{
    private readonly Mock<IIntakeMessageHandler> _handler = new();
    private readonly Mock<DurableTaskClient> _client = new("functions");
    private readonly Mock<QueueServiceClient> _queues = new();
    private readonly Mock<QueueClient> _poison = new();
    private readonly QueueMessage _message = QueuesModelFactory.QueueMessage(
        "q-1", "pop", BinaryData.FromString("{\"specversion\":\"1.0\"}"), dequeueCount: 2, insertedOn: new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    public IntakeQueueFunctionTests() =>
        _queues.Setup(q => q.GetQueueClient("expense-intake-poison")).Returns(_poison.Object);

    [Fact]
    public async Task ReceiveIntakeMessage_Handled_ReturnsSoTheRuntimeDeletesIt()
    {
        Returns(IntakeResult.Complete);

        await Function().ReceiveIntakeMessage(_message, _client.Object, CancellationToken.None);

        _handler.Verify(h => h.HandleAsync(
            It.Is<IntakeMessage>(m => m.MessageId == null && m.DeliveryCount == 2 && m.Body.Length == 21 && m.Transport == "storagequeue"), _client.Object, It.IsAny<CancellationToken>()));
        _poison.Verify(p => p.SendMessageAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ReceiveIntakeMessage_TransientFault_ThrowsSoTheRuntimeRetriesIt()
    {
        Returns(IntakeResult.Abandon("transient: TimeoutException"));

        var error = await Assert.ThrowsAsync<IntakeRetryException>(() => Function().ReceiveIntakeMessage(_message, _client.Object, CancellationToken.None));

        Assert.Contains("transient: TimeoutException", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiveIntakeMessage_Invalid_WritesReasonToThePoisonQueueAndReturns()
    {
        Returns(IntakeResult.DeadLetter(DeadLetterReasons.UnknownType, "/type: 'com.example' is not an intake event type"));
        string? sent = null;
        _poison.Setup(p => p.SendMessageAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<string, CancellationToken>((text, _) => sent = text)
            .ReturnsAsync((Azure.Response<SendReceipt>)null!);

        await Function().ReceiveIntakeMessage(_message, _client.Object, CancellationToken.None);

        var poisoned = PoisonQueueWriter.Read(sent!)!;
        Assert.Equal((DeadLetterReasons.UnknownType, "q-1", 2L), (poisoned.Reason, poisoned.MessageId, poisoned.DequeueCount));
        Assert.Contains("com.example", poisoned.Description, StringComparison.Ordinal);
    }

    private void Returns(IntakeResult result) =>
        _handler.Setup(h => h.HandleAsync(It.IsAny<IntakeMessage>(), It.IsAny<DurableTaskClient>(), It.IsAny<CancellationToken>())).ReturnsAsync(result);

    private IntakeQueueFunctions Function() =>
        new(
            _handler.Object,
            new PoisonQueueWriter(_queues.Object, Options.Create(new StorageQueueIntakeOptions()), TimeProvider.System),
            new StorageOutageHold(new IntakeStorageCircuit(Microsoft.Extensions.Options.Options.Create(new IntakeOptions()), TimeProvider.System, NullLogger<IntakeStorageCircuit>.Instance), Options.Create(new IntakeOptions()), TimeProvider.System));
}
