using Azure.Storage.Queues.Models;
using FinanceFlow.Workflows.Intake.Messaging;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Functions.Messaging;

/// <summary>Storage Queue intake in Azure: the queue trigger on <c>expense-intake</c> calling the same handler as the self-host's listener.</summary>
public sealed class IntakeQueueFunctions(IIntakeMessageHandler handler, PoisonQueueWriter poison, StorageOutageHold hold)
{
    public const string QueueName = "expense-intake";

    /// <summary>
    /// Complete returns (the runtime deletes the message); abandon throws, so the runtime retries it and moves it to
    /// <c>expense-intake-poison</c> after host.json's <c>queues.maxDequeueCount</c>; a dead-letter goes to the poison queue with its reason.
    /// While storage is unavailable the message is held (<see cref="StorageOutageHold"/>) before it is abandoned.
    /// </summary>
    [Function(nameof(ReceiveIntakeMessage))]
    public async Task ReceiveIntakeMessage(
        [QueueTrigger(QueueName, Connection = "AzureWebJobsStorage")] QueueMessage message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);

        // The runtime has decoded the base64 text already; queue message ids are the queue's, so the CloudEvent id is the key.
        var intake = new IntakeMessage(null, message.Body.ToMemory(), (int)message.DequeueCount, message.InsertedOn ?? default, "storagequeue");
        var result = await hold.HandleAsync(token => handler.HandleAsync(intake, client, token), hold.Limit, cancellationToken);
        switch (result.Disposition)
        {
            case IntakeDisposition.Abandon:
                throw new IntakeRetryException($"Intake message {message.MessageId} left for redelivery: {result.Reason}");
            case IntakeDisposition.DeadLetter:
                await poison.WriteAsync(result.Reason!, result.Description ?? string.Empty, message.MessageText, message.MessageId, message.DequeueCount, cancellationToken);
                break;
        }
    }
}
