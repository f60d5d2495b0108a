using System.Collections.Concurrent;
using Azure.Storage.Queues;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Messaging;

namespace FinanceFlow.Infrastructure.StatusFanOut;

/// <summary>
/// Publishes status events to an Azure Storage queue on the <c>AzureWebJobsStorage</c> account (Azurite locally): the message text is
/// base64 of the CloudEvent JSON, as a Functions queue trigger reads it by default. The queue is created on first use.
/// </summary>
public sealed class StorageQueueStatusPublisher(QueueServiceClient queues) : IStatusPublisher
{
    /// <summary>A queue message holds at most 64 KiB of text.</summary>
    public const int MaxMessageChars = 64 * 1024;

    private readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> _queues = new(StringComparer.Ordinal);

    public StatusTargetKind Kind => StatusTargetKind.StorageQueue;

    public async Task<string> PublishAsync(StatusTargetSettings target, StatusCloudEvent statusEvent, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        var text = Convert.ToBase64String(utf8Json.Span);
        if (text.Length > MaxMessageChars)
        {
            throw new InvalidOperationException(
                $"Status event {statusEvent.Id} is {text.Length} characters as base64, more than a storage queue message holds ({MaxMessageChars}); publish it to a Service Bus topic or a webhook.");
        }

        var queue = await _queues.GetOrAdd(target.QueueName, name => new Lazy<Task<QueueClient>>(() => CreateAsync(name))).Value;
        var receipt = await queue.SendMessageAsync(text, cancellationToken);
        return $"queue {target.QueueName}, message {receipt.Value.MessageId}";
    }

    private async Task<QueueClient> CreateAsync(string name)
    {
        var queue = queues.GetQueueClient(name);
        await queue.CreateIfNotExistsAsync();
        return queue;
    }
}
