namespace FinanceFlow.Workflows.Intake.Messaging;

/// <summary>One delivery of an intake message, as any transport hands it over.</summary>
/// <param name="MessageId">The sender-chosen message id (Service Bus <c>MessageId</c>); null when the transport has none, and the CloudEvent <c>id</c> is the key.</param>
/// <param name="DeliveryCount">How many times this message has been delivered, this one included.</param>
/// <param name="EnqueuedAt">When the broker took the message; also dates its stored copy, so every redelivery finds the first one.</param>
/// <param name="Transport">Where it came from, for logs and audit rows: <c>servicebus</c>, <c>storagequeue</c>.</param>
public sealed record IntakeMessage(string? MessageId, ReadOnlyMemory<byte> Body, int DeliveryCount, DateTimeOffset EnqueuedAt, string Transport);

/// <summary>What the transport does with a message once handled.</summary>
public enum IntakeDisposition
{
    /// <summary>Done (admitted, or already known): remove it from the queue.</summary>
    Complete,

    /// <summary>A transient fault: leave it for redelivery.</summary>
    Abandon,

    /// <summary>It can never be processed: dead-letter (Service Bus) or poison queue (Storage) with the reason.</summary>
    DeadLetter,
}

/// <summary>The handler's verdict on one message.</summary>
/// <param name="Reason">A stable code (see <see cref="DeadLetterReasons"/>) for dead-letters; the fault for an abandon.</param>
/// <param name="Description">What is wrong, naming the field (JSON pointer) or the problem.</param>
public sealed record IntakeResult(IntakeDisposition Disposition, string? Reason = null, string? Description = null)
{
    public static IntakeResult Complete { get; } = new(IntakeDisposition.Complete);

    /// <summary>True for an abandon because storage was unavailable: worth holding the message and trying again as storage comes back.</summary>
    public bool WaitsForStorage { get; init; }

    public static IntakeResult Abandon(string reason) => new(IntakeDisposition.Abandon, reason);

    /// <summary>An abandon because storage (or the Durable backend on it) was unavailable, throttled or too slow.</summary>
    public static IntakeResult StorageUnavailable(string reason) => new(IntakeDisposition.Abandon, reason) { WaitsForStorage = true };

    public static IntakeResult DeadLetter(string reason, string description) => new(IntakeDisposition.DeadLetter, reason, description);
}
