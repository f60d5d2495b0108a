using System.Text;
using Azure.Storage.Queues;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Messaging;
using FinanceFlow.Infrastructure.StatusFanOut;
using FinanceFlow.Testing;

namespace FinanceFlow.Integration.Tests.StatusFanOut;

[Trait("Category", "Integration")]
public sealed class StorageQueueStatusPublisherTests(AzuriteProcess azurite) : IClassFixture<AzuriteProcess>
{
    [Fact]
    public async Task PublishAsync_NewQueue_CreatesItAndEnqueuesTheEventAsBase64Json()
    {
        // Arrange
        var queueName = "status-" + Guid.NewGuid().ToString("N")[..12];
        var service = new QueueServiceClient(azurite.ConnectionString);
        var publisher = new StorageQueueStatusPublisher(service);
        var statusEvent = StatusEventSamples.Posted();

        // Act
        var answer = await publisher.PublishAsync(Queue(queueName), statusEvent, StatusEventJson.Serialize(statusEvent), CancellationToken.None);

        // Assert
        var message = Assert.Single((await service.GetQueueClient(queueName).ReceiveMessagesAsync(32)).Value);
        var json = Convert.FromBase64String(message.MessageText);
        Assert.Empty(StatusEventSchema.Validate(json));
        var received = StatusEventJson.Deserialize(json);
        Assert.Equal(statusEvent.Id, received?.Id);
        Assert.Equal(60.00m, received?.Data.Totals.Single().Amount);
        Assert.Contains(queueName, answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_EventOverQueueLimit_RefusesNamingTheLimit()
    {
        // Arrange
        var publisher = new StorageQueueStatusPublisher(new QueueServiceClient(azurite.ConnectionString));
        var statusEvent = StatusEventSamples.Posted();
        var huge = Encoding.UTF8.GetBytes(new string('x', 60_000));

        // Act
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            publisher.PublishAsync(Queue("status-huge"), statusEvent, huge, CancellationToken.None));

        // Assert
        Assert.Contains("65536", error.Message, StringComparison.Ordinal);
    }

    private static StatusTargetSettings Queue(string name) => new() { Kind = StatusTargetKind.StorageQueue, QueueName = name };
}
