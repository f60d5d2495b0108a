using System.ComponentModel.DataAnnotations;

namespace FinanceFlow.SelfHost.Engine;

/// <summary>Settings of the Durable Task Framework engine the self-host runs on Azure Storage.</summary>
public sealed class SelfHostOptions
{
    public const string SectionName = "FinanceFlow:SelfHost";

    /// <summary>Task hub shared with Durable Functions (host.json's hubName): same name, same instances.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$", ErrorMessage = "FinanceFlow:SelfHost:TaskHubName must be 3-45 letters or digits, starting with a letter.")]
    public string TaskHubName { get; set; } = "FinanceFlow";

    /// <summary>Control-queue partitions; fixed when the hub is created, so change it only on a new hub.</summary>
    [Range(1, 16)]
    public int PartitionCount { get; set; } = 4;

    /// <summary>
    /// Orchestration work items in flight; the engine lets half of them keep their history in memory between steps (extended
    /// sessions), so with fewer than twice the runs in flight a run reads its history back after every step.
    /// </summary>
    [Range(1, 1000)]
    public int MaxConcurrentOrchestrations { get; set; } = 100;

    [Range(1, 1000)]
    public int MaxConcurrentActivities { get; set; } = 10;

    /// <summary>Upper bound of the idle back-off between queue polls; lower means faster pickup and more storage calls.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a dequeued message stays hidden; after a crash, the messages a dead process held come back after this.
    /// DTFx renews it for work in progress, so shorter means faster crash recovery at the cost of more storage calls.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan QueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Keeps a running orchestration's history in memory between its steps instead of reading it back from the History table each time.</summary>
    public bool ExtendedSessions { get; set; } = true;

    /// <summary>How long an idle orchestration stays in memory when <see cref="ExtendedSessions"/> is on.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ExtendedSessionIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the engine checks whether a storage outage left its worker with work it will never pick up again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RecoveryCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A worker runs at least this long before it is replaced again, so storage that keeps failing cannot make it churn.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RecoveryCooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a process's hold on a control-queue partition lasts without renewal; it renews and looks
    /// for partitions to take every third of it. When several processes share the hub, a killed process's partitions move to
    /// the others after at most this plus a third of it. Shorter means faster takeover and more lease requests.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:15", "00:01:00")]
    public TimeSpan PartitionLeaseInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Identifies this process in partition leases; defaults to machine name plus process id so several processes can share a machine.</summary>
    public string? WorkerId { get; set; }
}
