using Azure.Messaging.ServiceBus;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.Intake.Messaging;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace FinanceFlow.Workflows.Tests.Intake.Messaging;

/// <summary>How the Service Bus processor settles a message from what the handler says.</summary>
public sealed class ServiceBusIntakeProcessorTests
{
    private static readonly DateTimeOffset Enqueued = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly Mock<IIntakeMessageHandler> _handler = new();
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly Mock<ServiceBusReceiver> _receiver = new();
    private readonly ServiceBusReceivedMessage _message = ServiceBusModelFactory.ServiceBusReceivedMessage(
        body: BinaryData.FromString("{\"specversion\":\"1.0\"}"), messageId: "sb-42", deliveryCount: 3, enqueuedTime: Enqueued);

    [Fact]
    public async Task ProcessMessageAsync_Handled_CompletesTheMessageAndPassesMessageIdAndDeliveryCount()
    {
        Returns(IntakeResult.Complete);
        var args = Args();

        await Processor().ProcessMessageAsync(args.Object);

        args.Verify(a => a.CompleteMessageAsync(_message, It.IsAny<CancellationToken>()), Times.Once);
        args.VerifyNoOtherCalls();
        _handler.Verify(h => h.HandleAsync(
            It.Is<IntakeMessage>(m => m.MessageId == "sb-42" && m.DeliveryCount == 3 && m.EnqueuedAt == Enqueued && m.Transport == "servicebus" && m.Body.Length == 21),
            _client.Object,
            It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task ProcessMessageAsync_TransientFault_AbandonsWithTheReason()
    {
        Returns(IntakeResult.Abandon("transient: RequestFailedException: Server busy"));
        var args = Args();

        await Processor().ProcessMessageAsync(args.Object);

        args.Verify(a => a.AbandonMessageAsync(
            _message,
            It.Is<IDictionary<string, object>>(p => (string)p["financeflowAbandonReason"] == "transient: RequestFailedException: Server busy"),
            It.IsAny<CancellationToken>()), Times.Once);
        args.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ProcessMessageAsync_StorageBackWithinTheHold_HoldsTheMessageAndCompletesItWithoutAnAbandon()
    {
        _handler.SetupSequence(h => h.HandleAsync(It.IsAny<IntakeMessage>(), It.IsAny<DurableTaskClient>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(IntakeResult.StorageUnavailable("transient: StorageUnavailableException: storage did not answer within 2 s"))
            .ReturnsAsync(IntakeResult.StorageUnavailable("transient: StorageUnavailableException: the circuit is open"))
            .ReturnsAsync(IntakeResult.Complete);
        var args = Args();

        await Processor(intake: new IntakeOptions { BreakDuration = TimeSpan.FromMilliseconds(500), MessageHold = TimeSpan.FromSeconds(10) }).ProcessMessageAsync(args.Object);

        // An abandon hands a Service Bus message back at once: during an outage it would use up its max delivery count in moments.
        args.Verify(a => a.CompleteMessageAsync(_message, It.IsAny<CancellationToken>()), Times.Once);
        args.VerifyNoOtherCalls();
        _handler.Verify(h => h.HandleAsync(It.IsAny<IntakeMessage>(), It.IsAny<DurableTaskClient>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
    }

    [Fact]
    public async Task ProcessMessageAsync_StorageDownLongerThanTheHold_AbandonsForRedeliveryNotDeadLetter()
    {
        Returns(IntakeResult.StorageUnavailable("transient: StorageUnavailableException: the circuit is open"));
        var args = Args();

        await Processor(intake: new IntakeOptions { BreakDuration = TimeSpan.FromMilliseconds(500), MessageHold = TimeSpan.FromSeconds(1.2) }).ProcessMessageAsync(args.Object);

        args.Verify(a => a.AbandonMessageAsync(_message, It.IsAny<IDictionary<string, object>>(), It.IsAny<CancellationToken>()), Times.Once);
        args.VerifyNoOtherCalls();
        _handler.Verify(h => h.HandleAsync(It.IsAny<IntakeMessage>(), It.IsAny<DurableTaskClient>(), It.IsAny<CancellationToken>()), Times.AtLeast(2));
    }

    [Fact]
    public async Task ProcessMessageAsync_InvalidMessage_DeadLettersWithReasonAndDescription()
    {
        Returns(IntakeResult.DeadLetter(DeadLetterReasons.InvalidData, "/data/lines/0/paymentType: is required"));
        var args = Args();

        await Processor().ProcessMessageAsync(args.Object);

        args.Verify(a => a.DeadLetterMessageAsync(_message, "invalid-data", "/data/lines/0/paymentType: is required", It.IsAny<CancellationToken>()), Times.Once);
        args.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ProcessMessageAsync_HandlerCrashes_AbandonsSoTheMessageIsRedelivered()
    {
        _handler.Setup(h => h.HandleAsync(It.IsAny<IntakeMessage>(), It.IsAny<DurableTaskClient>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("bug"));
        var args = Args();

        await Processor().ProcessMessageAsync(args.Object);

        args.Verify(a => a.AbandonMessageAsync(
            _message, It.Is<IDictionary<string, object>>(p => (string)p["financeflowAbandonReason"] == "unexpected: InvalidOperationException"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task ProcessMessageAsync_FunctionsHostRelay_RelaysThroughTheHandlerAndCompletes()
    {
        var relay = Mock.Of<IIntakeRelay>();
        _handler.Setup(h => h.RelayAsync(It.IsAny<IntakeMessage>(), relay, It.IsAny<CancellationToken>())).ReturnsAsync(IntakeResult.Complete);
        var args = Args();

        await Processor(dispatch: new RelayDispatch(relay)).ProcessMessageAsync(args.Object);

        args.Verify(a => a.CompleteMessageAsync(_message, It.IsAny<CancellationToken>()), Times.Once);
        args.VerifyNoOtherCalls();
        _handler.Verify(h => h.RelayAsync(It.Is<IntakeMessage>(m => m.MessageId == "sb-42" && m.Transport == "servicebus"), relay, It.IsAny<CancellationToken>()), Times.Once);
        _handler.Verify(h => h.HandleAsync(It.IsAny<IntakeMessage>(), It.IsAny<DurableTaskClient>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ProcessMessageAsync_FunctionsHostRelayRefusesTheMessage_DeadLettersItOnServiceBus()
    {
        var relay = Mock.Of<IIntakeRelay>();
        _handler.Setup(h => h.RelayAsync(It.IsAny<IntakeMessage>(), relay, It.IsAny<CancellationToken>()))
            .ReturnsAsync(IntakeResult.DeadLetter(DeadLetterReasons.UnknownType, "/type: 'com.example.invoice' is not an intake event type"));
        var args = Args();

        await Processor(dispatch: new RelayDispatch(relay)).ProcessMessageAsync(args.Object);

        args.Verify(a => a.DeadLetterMessageAsync(_message, "unknown-type", "/type: 'com.example.invoice' is not an intake event type", It.IsAny<CancellationToken>()), Times.Once);
        args.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task StartAsync_EnabledWithoutConnection_FailsNamingTheSettings()
    {
        var processor = Processor(enabled: true);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => processor.StartAsync(CancellationToken.None));

        Assert.Contains("ServiceBus:fullyQualifiedNamespace", error.Message, StringComparison.Ordinal);
        Assert.Contains("ServiceBus:connectionString", error.Message, StringComparison.Ordinal);
    }

    private void Returns(IntakeResult result) =>
        _handler.Setup(h => h.HandleAsync(It.IsAny<IntakeMessage>(), It.IsAny<DurableTaskClient>(), It.IsAny<CancellationToken>())).ReturnsAsync(result);

    private Mock<ProcessMessageEventArgs> Args() => new(_message, _receiver.Object, CancellationToken.None);

    private ServiceBusIntakeProcessor Processor(bool enabled = false, IIntakeDispatch? dispatch = null, IntakeOptions? intake = null)
    {
        var services = new ServiceCollection().AddSingleton(_handler.Object).BuildServiceProvider();
        var intakeOptions = Options.Create(intake ?? new IntakeOptions());
        return new ServiceBusIntakeProcessor(
            services, services.GetRequiredService<IServiceScopeFactory>(), dispatch ?? new StartRunDispatch(_client.Object), new AlwaysReady(),
            new StorageOutageHold(new IntakeStorageCircuit(intakeOptions, TimeProvider.System, NullLogger<IntakeStorageCircuit>.Instance), intakeOptions, TimeProvider.System),
            Options.Create(new ServiceBusIntakeOptions { Enabled = enabled }), NullLogger<ServiceBusIntakeProcessor>.Instance);
    }
}
