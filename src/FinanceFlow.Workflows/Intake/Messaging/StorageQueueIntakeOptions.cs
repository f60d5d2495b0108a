using System.ComponentModel.DataAnnotations;

namespace FinanceFlow.Workflows.Intake.Messaging;

/// <summary><c>FinanceFlow:Messaging:StorageQueue</c>: the Storage Queue intake listener on the <c>AzureWebJobsStorage</c> account.</summary>
public sealed class StorageQueueIntakeOptions
{
    public const string SectionName = "FinanceFlow:Messaging:StorageQueue";

    public bool Enabled { get; set; }

    [Required]
    [RegularExpression("^[a-z0-9](-?[a-z0-9])*$", ErrorMessage = "FinanceFlow:Messaging:StorageQueue:QueueName must be a storage queue name (lower-case letters, digits, single hyphens).")]
    public string QueueName { get; set; } = "expense-intake";

    /// <summary>Where dead-lettered messages go; the Functions queue trigger's convention is <c>{queue}-poison</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](-?[a-z0-9])*$", ErrorMessage = "FinanceFlow:Messaging:StorageQueue:PoisonQueueName must be a storage queue name (lower-case letters, digits, single hyphens).")]
    public string PoisonQueueName { get; set; } = "expense-intake-poison";

    /// <summary>A message delivered more often than this goes to the poison queue unhandled (as host.json's <c>queues.maxDequeueCount</c>).</summary>
    [Range(1, 1000)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a received message stays hidden; an abandoned one reappears after it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Messages received (and handled in parallel) per request; at most 32.</summary>
    [Range(1, 32)]
    public int BatchSize { get; set; } = 16;

    /// <summary>Longest wait between polls of an empty queue.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);
}
