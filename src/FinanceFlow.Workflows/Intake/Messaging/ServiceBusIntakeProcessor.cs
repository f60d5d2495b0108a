using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Intake.Messaging;

/// <summary>
/// Service Bus intake: a <see cref="ServiceBusProcessor"/> on queue <c>expense-intake</c> (PeekLock, no auto-complete) that hands each
/// message to <see cref="IIntakeMessageHandler"/> through the host's <see cref="IIntakeDispatch"/> (start the run, or relay it) and
/// settles it as the handler says; while storage is unavailable a message is held (<see cref="StorageOutageHold"/>), its lock renewed, before
/// it is abandoned. Used because the Functions Service Bus extension is not available to this app; a
/// <c>[ServiceBusTrigger]</c> wrapper would call the same handler.
/// </summary>
public sealed class ServiceBusIntakeProcessor(
    IServiceProvider services,
    IServiceScopeFactory scopes,
    IIntakeDispatch dispatch,
    IIntakeReadiness readiness,
    StorageOutageHold hold,
    IOptions<ServiceBusIntakeOptions> options,
    ILogger<ServiceBusIntakeProcessor> logger) : BackgroundService
{
    public const string Transport = "servicebus";

    // Service Bus keeps the reason and description as message properties; long descriptions are cut, not refused.
    private const int MaxDescriptionLength = 4096;

    private ServiceBusProcessor? _processor;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return Task.CompletedTask;
        }

        // Checked at start, so a missing connection stops the host with the name of the setting.
        var serviceBus = services.GetService<ServiceBusClient>() ?? throw new InvalidOperationException(
            $"{ServiceBusIntakeOptions.SectionName}:Enabled is true, but neither ServiceBus:fullyQualifiedNamespace (identity) nor ServiceBus:connectionString is set.");
        _processor = serviceBus.CreateProcessor(settings.QueueName, new ServiceBusProcessorOptions
        {
            ReceiveMode = ServiceBusReceiveMode.PeekLock,
            AutoCompleteMessages = false,
            MaxConcurrentCalls = settings.MaxConcurrentCalls,
        });
        _processor.ProcessMessageAsync += ProcessMessageAsync;
        _processor.ProcessErrorAsync += ProcessErrorAsync;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_processor is { } processor)
        {
            await processor.StopProcessingAsync(cancellationToken);
            await processor.DisposeAsync();
        }

        await base.StopAsync(cancellationToken);
    }

    /// <summary>Handles one message and settles it: complete, abandon for redelivery, or dead-letter with reason and description.</summary>
    public async Task ProcessMessageAsync(ProcessMessageEventArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var received = args.Message;
        var message = new IntakeMessage(
            string.IsNullOrEmpty(received.MessageId) ? null : received.MessageId, received.Body.ToMemory(), received.DeliveryCount, received.EnqueuedTime, Transport);
        IntakeResult result;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<IIntakeMessageHandler>();
            result = await hold.HandleAsync(token => dispatch.DispatchAsync(handler, message, token), hold.Limit, args.CancellationToken);
        }
        catch (Exception ex) when (!args.CancellationToken.IsCancellationRequested)
        {
            // A bug, not the message's fault: redeliver; Service Bus dead-letters it after the queue's max delivery count.
            logger.LogError(ex, "Service Bus message {MessageId} failed unexpectedly; abandoned", received.MessageId);
            result = IntakeResult.Abandon($"unexpected: {ex.GetType().Name}");
        }

        switch (result.Disposition)
        {
            case IntakeDisposition.Complete:
                await args.CompleteMessageAsync(received, args.CancellationToken);
                break;
            case IntakeDisposition.Abandon:
                await args.AbandonMessageAsync(received, new Dictionary<string, object> { ["financeflowAbandonReason"] = Cut(result.Reason ?? "abandoned") }, args.CancellationToken);
                break;
            default:
                await args.DeadLetterMessageAsync(received, result.Reason ?? "dead-lettered", Cut(result.Description ?? string.Empty), args.CancellationToken);
                break;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_processor is null)
        {
            return;
        }

        await readiness.WaitUntilReadyAsync(stoppingToken);
        await _processor.StartProcessingAsync(stoppingToken);
        logger.LogInformation("Service Bus intake listening on {Queue} ({MaxConcurrentCalls} at once)", options.Value.QueueName, options.Value.MaxConcurrentCalls);
    }

    private Task ProcessErrorAsync(ProcessErrorEventArgs args)
    {
        logger.LogError(args.Exception, "Service Bus intake error ({Source}) on {EntityPath}", args.ErrorSource, args.EntityPath);
        return Task.CompletedTask;
    }

    private static string Cut(string text) => text.Length <= MaxDescriptionLength ? text : text[..(MaxDescriptionLength - 1)] + "…";
}
