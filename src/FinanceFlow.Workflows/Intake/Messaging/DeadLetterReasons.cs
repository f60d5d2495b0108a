namespace FinanceFlow.Workflows.Intake.Messaging;

/// <summary>The dead-letter reasons of the intake queue (Service Bus <c>DeadLetterReason</c>, poison-queue <c>reason</c>); docs/messaging.md lists them.</summary>
public static class DeadLetterReasons
{
    /// <summary>The body is larger than 1 MiB.</summary>
    public const string MessageTooLarge = "message-too-large";

    /// <summary>The body is not JSON, or not a JSON object.</summary>
    public const string MalformedJson = "malformed-json";

    /// <summary>The CloudEvents envelope breaks docs/schemas/intake-cloudevent.schema.json.</summary>
    public const string InvalidEnvelope = "invalid-envelope";

    /// <summary>The <c>type</c> is not one FinanceFlow knows.</summary>
    public const string UnknownType = "unknown-type";

    /// <summary><c>financeflowsource</c> names no source this build can read.</summary>
    public const string UnknownSource = "unknown-source";

    /// <summary><c>data</c> is not a valid document of its source.</summary>
    public const string InvalidData = "invalid-data";

    /// <summary>A relayed message (claim check) names a kept message that is not in the raw container.</summary>
    public const string RelayedMessageMissing = "relayed-message-missing";

    /// <summary>The message id (or the event id) came before with another body: not a redelivery, and not taken for one.</summary>
    public const string MessageIdReused = "message-id-reused";

    /// <summary>Storage queue only: the message text is not base64.</summary>
    public const string InvalidEncoding = "invalid-encoding";

    /// <summary>Storage queue only: delivered more than MaxDequeueCount times without being handled.</summary>
    public const string MaxDequeueCountExceeded = "max-dequeue-count-exceeded";
}
