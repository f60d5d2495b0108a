using System.ComponentModel.DataAnnotations;

namespace FinanceFlow.Connectors.Expensify;

/// <summary>Two windows Expensify enforces per partner user: 5 requests per 10 s and 20 per 60 s.</summary>
public sealed class ExpensifyRateLimitOptions
{
    [Range(1, int.MaxValue)]
    public int ShortWindowPermits { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan ShortWindow { get; set; } = TimeSpan.FromSeconds(10);

    [Range(1, int.MaxValue)]
    public int LongWindowPermits { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan LongWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Segments per window of the sliding limiters: finer segments free permits closer to the window's end.</summary>
    [Range(1, 1000)]
    public int SegmentsPerWindow { get; set; } = 10;

    /// <summary>Requests allowed to wait for a permit; more than that fail as unavailable rather than pile up.</summary>
    [Range(0, int.MaxValue)]
    public int QueueLimit { get; set; } = 100;
}
