using System.ComponentModel.DataAnnotations;

namespace FinanceFlow.Workflows.Intake;

/// <summary>
/// <c>FinanceFlow:Intake</c>: how intake (webhooks, queue messages) guards its storage calls, so that a storage outage is answered
/// at once with 503 and <c>Retry-After</c> instead of a long wait and a 500.
/// </summary>
public sealed class IntakeOptions
{
    public const string SectionName = "FinanceFlow:Intake";

    /// <summary>Longest wait for one storage call of an admission (raw payload, status row, audit row, Durable start); past it the delivery is refused.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan StorageTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the circuit stays open once storage failed: every delivery is refused at once, with this as <c>Retry-After</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:05:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Share of storage calls within <see cref="SamplingDuration"/> that failed (down, too slow, 5xx) that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Fewest storage calls within <see cref="SamplingDuration"/> before the circuit judges the failure ratio.</summary>
    [Range(2, 1000)]
    public int MinimumThroughput { get; set; } = 2;

    /// <summary>The window over which failed calls are counted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:05:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>/health</c> asks storage at most once per this interval, however often it is called.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan HealthProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a queue message that found storage unavailable is kept (its lock or invisibility held) and tried again as storage comes
    /// back, before it is abandoned for redelivery; a Storage Queue message is held for half its visibility timeout at most.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:04:00")]
    public TimeSpan MessageHold { get; set; } = TimeSpan.FromSeconds(60);
}
