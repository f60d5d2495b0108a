namespace FinanceFlow.Core.Configuration;

/// <summary>Where status events go: <c>FinanceFlow:StatusFanOut:Targets:{i}:…</c>, each target on its own with its own retries.</summary>
public sealed class StatusFanOutSettings
{
    public List<StatusTargetSettings> Targets { get; init; } = [];
}

/// <summary>The transports a status event can be published on.</summary>
public enum StatusTargetKind
{
    /// <summary>A Service Bus topic (<see cref="StatusTargetSettings.TopicName"/>), through the <c>ServiceBus</c> connection.</summary>
    ServiceBusTopic,

    /// <summary>An Azure Storage queue (<see cref="StatusTargetSettings.QueueName"/>) on the <c>AzureWebJobsStorage</c> account; base64 text.</summary>
    StorageQueue,

    /// <summary>An HTTPS endpoint (<see cref="StatusTargetSettings.Url"/>) that gets the event signed with Standard Webhooks.</summary>
    Webhook,
}

/// <summary>One fan-out target.</summary>
public sealed class StatusTargetSettings
{
    public const string DefaultTopicName = "expense-status";
    public const string DefaultQueueName = "expense-status";

    public StatusTargetKind? Kind { get; init; }

    /// <summary>A label for audit rows and logs, e.g. <c>payroll-webhook</c>; defaults to kind and destination.</summary>
    public string? Name { get; init; }

    public string TopicName { get; init; } = DefaultTopicName;

    public string QueueName { get; init; } = DefaultQueueName;

    /// <summary>Webhook: the absolute URL events are POSTed to.</summary>
    public string? Url { get; init; }

    /// <summary>Webhook: Standard Webhooks secret, <c>whsec_</c> + base64.</summary>
    public string? Secret { get; init; }

    /// <summary>Webhook: how long one attempt may take.</summary>
    public int TimeoutSeconds { get; init; } = 30;

    /// <summary>Durable retry policy of this target's publish activity.</summary>
    public int MaxAttempts { get; init; } = 5;

    public double FirstRetrySeconds { get; init; } = 2;

    public double BackoffCoefficient { get; init; } = 2;

    public double MaxRetrySeconds { get; init; } = 60;

    /// <summary>Where the events go: the topic, the queue or the URL (without query string: it may carry a token).</summary>
    public string Destination => Kind switch
    {
        StatusTargetKind.ServiceBusTopic => TopicName,
        StatusTargetKind.StorageQueue => QueueName,
        StatusTargetKind.Webhook when Uri.TryCreate(Url, UriKind.Absolute, out var uri) => uri.GetLeftPart(UriPartial.Path),
        _ => Url ?? "?",
    };

    /// <summary>The label audit rows use.</summary>
    public string DisplayName => Name is { Length: > 0 } name ? name : $"{Kind} {Destination}";
}
