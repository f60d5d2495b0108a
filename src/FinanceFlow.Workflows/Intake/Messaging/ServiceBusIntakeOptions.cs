using System.ComponentModel.DataAnnotations;

namespace FinanceFlow.Workflows.Intake.Messaging;

/// <summary><c>FinanceFlow:Messaging:ServiceBus</c>: the Service Bus intake processor. The connection is the root <c>ServiceBus</c> section.</summary>
public sealed class ServiceBusIntakeOptions
{
    public const string SectionName = "FinanceFlow:Messaging:ServiceBus";

    /// <summary>Off by default; on, the host needs <c>ServiceBus:fullyQualifiedNamespace</c> or <c>ServiceBus:connectionString</c>.</summary>
    public bool Enabled { get; set; }

    [Required]
    public string QueueName { get; set; } = "expense-intake";

    /// <summary>Messages handled at once by one host.</summary>
    [Range(1, 256)]
    public int MaxConcurrentCalls { get; set; } = 4;
}
