using System.Text;
using Azure.Storage.Queues;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.Intake.Messaging;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace FinanceFlow.Workflows.Tests.Intake.Messaging;

/// <summary>The Storage Queue listener on real Azurite queues: delete, leave for redelivery, or poison with the reason.</summary>
[Trait("Category", "Integration")]
public sealed class QueueIntakeListenerTests : IClassFixture<AzuriteProcess>
{
    private readonly Mock<IIntakeMessageHandler> _handler = new();
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly QueueServiceClient _queues;
    private readonly StorageQueueIntakeOptions _options;
    private readonly QueueClient _queue;
    private readonly QueueClient _poison;
    private static readonly IntakeStorageCircuit Circuit = new IntakeStorageCircuit(Microsoft.Extensions.Options.Options.Create(new IntakeOptions()), TimeProvider.System, NullLogger<IntakeStorageCircuit>.Instance);

    public QueueIntakeListenerTests(AzuriteProcess azurite)
    {
        _queues = new QueueServiceClient(azurite.ConnectionString);
        var name = "intake-" + Guid.NewGuid().ToString("N")[..12];
        _options = new StorageQueueIntakeOptions { QueueName = name, PoisonQueueName = name + "-poison", VisibilityTimeout = TimeSpan.FromSeconds(1), MaxDequeueCount = 2 };
        _queue = _queues.GetQueueClient(name);
        _poison = _queues.GetQueueClient(name + "-poison");
        _queue.CreateIfNotExists();
    }

    [Fact]
    public async Task ReceiveOnceAsync_Handled_DeletesTheMessageAndHandsOverTheDecodedCloudEvent()
    {
        Returns(IntakeResult.Complete);
        await SendAsync("{\"id\":\"evt-1\"}");

        var received = await Listener().ReceiveOnceAsync(_queue, CancellationToken.None);

        Assert.Equal(1, received);
        Assert.Equal(0, await CountAsync(_queue));
        _handler.Verify(h => h.HandleAsync(
            It.Is<IntakeMessage>(m => m.MessageId == null && Encoding.UTF8.GetString(m.Body.ToArray()) == "{\"id\":\"evt-1\"}" && m.DeliveryCount == 1 && m.Transport == "storagequeue"),
            _client.Object,
            It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task ReceiveOnceAsync_DeadLetter_MovesTheMessageToThePoisonQueueWithReasonAndDescription()
    {
        Returns(IntakeResult.DeadLetter(DeadLetterReasons.MalformedJson, "/: is not valid JSON"));
        var text = await SendAsync("{not json");

        await Listener().ReceiveOnceAsync(_queue, CancellationToken.None);

        Assert.Equal(0, await CountAsync(_queue));
        var poisoned = PoisonQueueWriter.Read((await _poison.ReceiveMessageAsync()).Value.MessageText)!;
        Assert.Equal((DeadLetterReasons.MalformedJson, "/: is not valid JSON", text, false), (poisoned.Reason, poisoned.Description, poisoned.Message, poisoned.Truncated));
    }

    [Fact]
    public async Task ReceiveOnceAsync_Abandon_LeavesTheMessageToReappearAfterTheVisibilityTimeout()
    {
        Returns(IntakeResult.Abandon("transient: TimeoutException"));
        await SendAsync("{\"id\":\"evt-2\"}");
        var listener = Listener();

        await listener.ReceiveOnceAsync(_queue, CancellationToken.None);
        var hidden = await listener.ReceiveOnceAsync(_queue, CancellationToken.None);
        await WaitFor.ConditionAsync(async () => (await _queue.PeekMessageAsync()).Value is not null, TimeSpan.FromSeconds(10), "the abandoned message to reappear");
        var again = (await _queue.ReceiveMessageAsync()).Value;

        Assert.Equal(0, hidden);
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact]
    public async Task ReceiveOnceAsync_DeliveredMoreThanMaxDequeueCount_PoisonsItWithoutHandlingIt()
    {
        Returns(IntakeResult.Abandon("transient: TimeoutException"));
        await SendAsync("{\"id\":\"evt-3\"}");
        var listener = Listener();
        for (var delivery = 1; delivery <= _options.MaxDequeueCount; delivery++)
        {
            await WaitFor.ConditionAsync(async () => await listener.ReceiveOnceAsync(_queue, CancellationToken.None) == 1, TimeSpan.FromSeconds(10), $"delivery {delivery}");
        }

        await WaitFor.ConditionAsync(async () => await listener.ReceiveOnceAsync(_queue, CancellationToken.None) == 1, TimeSpan.FromSeconds(10), "the last delivery");

        _handler.Verify(h => h.HandleAsync(It.IsAny<IntakeMessage>(), It.IsAny<DurableTaskClient>(), It.IsAny<CancellationToken>()), Times.Exactly(_options.MaxDequeueCount));
        var poisoned = PoisonQueueWriter.Read((await _poison.ReceiveMessageAsync()).Value.MessageText)!;
        Assert.Equal((DeadLetterReasons.MaxDequeueCountExceeded, 3L), (poisoned.Reason, poisoned.DequeueCount));
        Assert.Contains("MaxDequeueCount is 2", poisoned.Description, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(_queue));
    }

    [Fact]
    public async Task ReceiveOnceAsync_TextNotBase64_PoisonsItAsInvalidEncoding()
    {
        await _queue.SendMessageAsync("{\"specversion\":\"1.0\"}");

        await Listener().ReceiveOnceAsync(_queue, CancellationToken.None);

        var poisoned = PoisonQueueWriter.Read((await _poison.ReceiveMessageAsync()).Value.MessageText)!;
        Assert.Equal((DeadLetterReasons.InvalidEncoding, "{\"specversion\":\"1.0\"}"), (poisoned.Reason, poisoned.Message));
        _handler.Verify(h => h.HandleAsync(It.IsAny<IntakeMessage>(), It.IsAny<DurableTaskClient>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private void Returns(IntakeResult result) =>
        _handler.Setup(h => h.HandleAsync(It.IsAny<IntakeMessage>(), It.IsAny<DurableTaskClient>(), It.IsAny<CancellationToken>())).ReturnsAsync(result);

    private async Task<string> SendAsync(string json)
    {
        var text = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
        await _queue.SendMessageAsync(text);
        return text;
    }

    private static async Task<int> CountAsync(QueueClient queue) => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    private QueueIntakeListener Listener()
    {
        var services = new ServiceCollection().AddSingleton(_handler.Object).BuildServiceProvider();
        var options = Options.Create(_options);
        return new QueueIntakeListener(
            _queues, new PoisonQueueWriter(_queues, options, TimeProvider.System), services.GetRequiredService<IServiceScopeFactory>(), _client.Object,
            new AlwaysReady(), Circuit, new StorageOutageHold(Circuit, Options.Create(new IntakeOptions()), TimeProvider.System), options, NullLogger<QueueIntakeListener>.Instance);
    }
}
