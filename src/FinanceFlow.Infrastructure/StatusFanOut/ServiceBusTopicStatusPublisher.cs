using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Infrastructure.StatusFanOut;

/// <summary>
/// Publishes status events to a Service Bus topic: the CloudEvent as the body (structured mode), <c>MessageId</c> = event id for the
/// topic's duplicate detection, <c>Subject</c> and the application property <c>eventType</c> = the event type for subscription filters.
/// </summary>
public sealed class ServiceBusTopicStatusPublisher(IServiceProvider services) : IStatusPublisher
{
    /// <summary>The application properties subscriptions filter on (SQL filter, e.g. <c>eventType = 'financeflow.expense.report.paid'</c>).</summary>
    public const string EventTypeProperty = "eventType";
    public const string SourceProperty = "financeflowSource";
    public const string ReportIdProperty = "reportId";
    public const string OutcomeProperty = "outcome";

    private readonly ConcurrentDictionary<string, ServiceBusSender> _senders = new(StringComparer.Ordinal);

    public StatusTargetKind Kind => StatusTargetKind.ServiceBusTopic;

    public async Task<string> PublishAsync(StatusTargetSettings target, StatusCloudEvent statusEvent, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        var sender = _senders.GetOrAdd(target.TopicName, CreateSender);
        var message = new ServiceBusMessage(utf8Json)
        {
            MessageId = statusEvent.Id,
            ContentType = StatusCloudEvent.MediaType + "; charset=utf-8",
            Subject = statusEvent.Type,
            CorrelationId = statusEvent.Data.CorrelationId,
        };
        message.ApplicationProperties[EventTypeProperty] = statusEvent.Type;
        message.ApplicationProperties[SourceProperty] = statusEvent.Data.Source;
        message.ApplicationProperties[ReportIdProperty] = statusEvent.Subject;
        message.ApplicationProperties[OutcomeProperty] = statusEvent.Data.Outcome?.ToString() ?? statusEvent.Data.Reconciliation?.Outcome;
        await sender.SendMessageAsync(message, cancellationToken);
        return $"topic {target.TopicName}, message {statusEvent.Id}";
    }

    private ServiceBusSender CreateSender(string topic)
    {
        var client = services.GetService<ServiceBusClient>() ?? throw new InvalidOperationException(
            "A ServiceBusTopic status target needs ServiceBus:fullyQualifiedNamespace (identity) or ServiceBus:connectionString.");
        return client.CreateSender(topic);
    }
}
