using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Intake.Messaging;

/// <summary>
/// Storage Queue intake for local runs and small deployments: receives from <c>expense-intake</c> with a visibility timeout (the lease),
/// hands each message to <see cref="IIntakeMessageHandler"/>; complete = delete, abandon = leave it to reappear, dead-letter or too many
/// dequeues = poison queue. While the intake's storage circuit is open nothing is received (so an outage adds no dequeues), and a
/// message that found storage unavailable is held for up to half its visibility timeout (<see cref="StorageOutageHold"/>) before it
/// is abandoned. The message text is base64 of the CloudEvent JSON, as the Functions queue trigger reads it.
/// </summary>
public sealed class QueueIntakeListener(
    QueueServiceClient queues,
    PoisonQueueWriter poison,
    IServiceScopeFactory scopes,
    DurableTaskClient client,
    IIntakeReadiness readiness,
    IntakeStorageCircuit circuit,
    StorageOutageHold hold,
    IOptions<StorageQueueIntakeOptions> options,
    ILogger<QueueIntakeListener> logger) : BackgroundService
{
    public const string Transport = "storagequeue";
    private static readonly TimeSpan StartRetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        await readiness.WaitUntilReadyAsync(stoppingToken);
        var queue = queues.GetQueueClient(settings.QueueName);
        await CreateQueueAsync(queue, stoppingToken);
        logger.LogInformation("Storage Queue intake listening on {Queue} (poison: {PoisonQueue})", settings.QueueName, settings.PoisonQueueName);

        var idle = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            int received;
            try
            {
                await circuit.WaitWhileOpenAsync(stoppingToken);
                received = await ReceiveOnceAsync(queue, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Storage Queue intake: receiving from {Queue} failed", settings.QueueName);
                received = 0;
            }

            if (received > 0)
            {
                idle = TimeSpan.Zero;
                continue;
            }

            // An idle queue is polled less often, up to the configured interval.
            idle = TimeSpan.FromTicks(Math.Min(Math.Max(idle.Ticks * 2, TimeSpan.FromMilliseconds(50).Ticks), settings.MaxPollingInterval.Ticks));
            await Task.Delay(idle, stoppingToken);
        }
    }

    /// <summary>Receives one batch and handles its messages in parallel; returns how many were received.</summary>
    public async Task<int> ReceiveOnceAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var settings = options.Value;
        QueueMessage[] messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, settings.VisibilityTimeout, cancellationToken)).Value;
        await Task.WhenAll(messages.Select(m => HandleAndSettleAsync(queue, m, cancellationToken)));
        return messages.Length;
    }

    /// <summary>Handles one received message and settles it.</summary>
    public async Task<IntakeDisposition> HandleAndSettleAsync(QueueClient queue, QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        var result = message.DequeueCount > settings.MaxDequeueCount
            ? IntakeResult.DeadLetter(DeadLetterReasons.MaxDequeueCountExceeded, $"Delivered {message.DequeueCount} times without being handled (FinanceFlow:Messaging:StorageQueue:MaxDequeueCount is {settings.MaxDequeueCount}).")
            : await DecodeAndHandleAsync(message, cancellationToken);

        switch (result.Disposition)
        {
            case IntakeDisposition.Complete:
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                break;
            case IntakeDisposition.Abandon:
                // Left alone: it reappears when its visibility timeout ends, with a higher dequeue count.
                logger.LogWarning("Queue message {MessageId} abandoned (dequeue {DequeueCount}): {Reason}", message.MessageId, message.DequeueCount, result.Reason);
                break;
            default:
                await poison.WriteAsync(result.Reason!, result.Description ?? string.Empty, message.MessageText, message.MessageId, message.DequeueCount, cancellationToken);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                logger.LogWarning("Queue message {MessageId} moved to {PoisonQueue}: {Reason}", message.MessageId, settings.PoisonQueueName, result.Reason);
                break;
        }

        return result.Disposition;
    }

    private async Task<IntakeResult> DecodeAndHandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        byte[] body;
        try
        {
            body = Convert.FromBase64String(message.MessageText);
        }
        catch (FormatException)
        {
            // The Functions queue trigger would fail on it as well: refuse it here too, so local runs behave as in Azure.
            return IntakeResult.DeadLetter(DeadLetterReasons.InvalidEncoding, "The message text is not base64; send base64 of the CloudEvent JSON (the Functions queue trigger's default encoding).");
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<IIntakeMessageHandler>();

            // Queue message ids are assigned by the queue, not the sender, so they are no idempotency key: the CloudEvent id is.
            var intake = new IntakeMessage(null, body, (int)message.DequeueCount, message.InsertedOn ?? default, Transport);

            // Held no longer than half the visibility timeout, so the message is still ours to delete when storage is back.
            var limit = TimeSpan.FromTicks(Math.Min(hold.Limit.Ticks, options.Value.VisibilityTimeout.Ticks / 2));
            return await hold.HandleAsync(token => handler.HandleAsync(intake, client, token), limit, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Queue message {MessageId} failed unexpectedly; left for redelivery", message.MessageId);
            return IntakeResult.Abandon($"unexpected: {ex.GetType().Name}");
        }
    }

    private async Task CreateQueueAsync(QueueClient queue, CancellationToken stoppingToken)
    {
        // Like the engine, wait out storage that is not reachable yet instead of stopping the host.
        while (true)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Storage Queue intake: queue {Queue} cannot be created; retrying in {Delay}", queue.Name, StartRetryDelay);
                await Task.Delay(StartRetryDelay, stoppingToken);
            }
        }
    }
}
