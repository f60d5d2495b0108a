using System.Text.Json;
using Azure.Messaging.ServiceBus;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Messaging;
using FinanceFlow.Infrastructure.StatusFanOut;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace FinanceFlow.Integration.Tests.StatusFanOut;

public sealed class ServiceBusTopicStatusPublisherTests
{
    private readonly Mock<ServiceBusSender> _sender = new();
    private readonly Mock<ServiceBusClient> _client = new();
    private readonly List<ServiceBusMessage> _sent = [];

    public ServiceBusTopicStatusPublisherTests()
    {
        _sender.Setup(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()))
            .Callback<ServiceBusMessage, CancellationToken>((message, _) => _sent.Add(message))
            .Returns(Task.CompletedTask);
        _client.Setup(c => c.CreateSender("expense-status")).Returns(_sender.Object);
    }

    [Fact]
    public async Task PublishAsync_PostedEvent_SendsTheCloudEventWithEventIdAsMessageIdForDuplicateDetection()
    {
        // Arrange
        var publisher = Publisher();
        var statusEvent = StatusEventSamples.Posted();
        var json = StatusEventJson.Serialize(statusEvent);

        // Act
        var answer = await publisher.PublishAsync(Topic(), statusEvent, json, CancellationToken.None);

        // Assert
        var message = Assert.Single(_sent);
        Assert.Equal("expense:canonical:R-1001:v1:posted", message.MessageId);
        Assert.Equal("application/cloudevents+json; charset=utf-8", message.ContentType);
        Assert.Equal("financeflow.expense.report.posted", message.Subject);
        Assert.Equal("expense:canonical:R-1001:v1", message.CorrelationId);
        Assert.Equal("financeflow.expense.report.posted", message.ApplicationProperties["eventType"]);
        Assert.Equal("canonical", message.ApplicationProperties["financeflowSource"]);
        Assert.Equal("R-1001", message.ApplicationProperties["reportId"]);
        Assert.Equal("Posted", message.ApplicationProperties["outcome"]);
        using var body = JsonDocument.Parse(message.Body.ToMemory());
        Assert.Equal("1.0", body.RootElement.GetProperty("specversion").GetString());
        Assert.Equal("DOC-7", body.RootElement.GetProperty("data").GetProperty("documents")[0].GetProperty("erpDocument").GetString());
        Assert.Contains("expense-status", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_SameEventTwice_SendsTheSameMessageIdAndOneSender()
    {
        // Arrange
        var publisher = Publisher();
        var statusEvent = StatusEventSamples.Posted();

        // Act
        await publisher.PublishAsync(Topic(), statusEvent, StatusEventJson.Serialize(statusEvent), CancellationToken.None);
        await publisher.PublishAsync(Topic(), statusEvent, StatusEventJson.Serialize(statusEvent), CancellationToken.None);

        // Assert
        Assert.Equal(2, _sent.Count);
        Assert.Equal(_sent[0].MessageId, _sent[1].MessageId);
        _client.Verify(c => c.CreateSender("expense-status"), Times.Once);
    }

    [Fact]
    public async Task PublishAsync_NoServiceBusConnection_FailsNamingTheSettings()
    {
        // Arrange
        using var provider = new ServiceCollection().BuildServiceProvider();
        var publisher = new ServiceBusTopicStatusPublisher(provider);
        var statusEvent = StatusEventSamples.Posted();

        // Act
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            publisher.PublishAsync(Topic(), statusEvent, StatusEventJson.Serialize(statusEvent), CancellationToken.None));

        // Assert
        Assert.Contains("ServiceBus:fullyQualifiedNamespace", error.Message, StringComparison.Ordinal);
    }

    private ServiceBusTopicStatusPublisher Publisher()
    {
        var services = new ServiceCollection().AddSingleton(_client.Object).BuildServiceProvider();
        return new ServiceBusTopicStatusPublisher(services);
    }

    private static StatusTargetSettings Topic() => new() { Kind = StatusTargetKind.ServiceBusTopic };
}
