using Azure.Storage.Queues;
using FinanceFlow.Core.Messaging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Intake.Messaging;

/// <summary>
/// The Functions host's Service Bus relay target: the Storage Queue intake (<c>expense-intake</c> on <c>AzureWebJobsStorage</c>)
/// that the <c>[QueueTrigger]</c> with a Durable client reads. The message text is base64 of the claim-check CloudEvent, as the
/// trigger expects.
/// </summary>
public sealed class StorageQueueIntakeRelay(QueueServiceClient queues, IOptions<StorageQueueIntakeOptions> options) : IIntakeRelay
{
    private QueueClient? _queue;

    public async Task<string> ForwardAsync(IntakeRelayTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var queue = _queue;
        if (queue is null)
        {
            queue = queues.GetQueueClient(options.Value.QueueName);
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _queue = queue;
        }

        var sent = await queue.SendMessageAsync(Convert.ToBase64String(ticket.ToCloudEvent()), cancellationToken);
        return $"storage queue {queue.Name} as {sent.Value.MessageId}";
    }
}
