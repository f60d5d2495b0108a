using System.ComponentModel.DataAnnotations;

namespace FinanceFlow.Connectors.Expensify;

/// <summary>Two windows Expensify enforces per partner user: 5 requests per 10 s and 20 per 60 s.</summary>
public sealed class ExpensifyRateLimitOptions
{
    public int ShortWindowPermits { get; set; } = 5;

    public TimeSpan ShortWindow { get; set; } = TimeSpan.FromSeconds(10);

    public int LongWindowPermits { get; set; } = 20;

    public TimeSpan LongWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Segments per window of the sliding limiters: finer segments free permits closer to the window's end.</summary>
    public int SegmentsPerWindow { get; set; } = 10;

    /// <summary>Requests allowed to wait for a permit; more than that fail as unavailable rather than pile up.</summary>
    public int QueueLimit { get; set; } = 100;

    // Nested options are not visited by ValidateDataAnnotations, so the parent asks for these checks.
    internal IEnumerable<ValidationResult> Check(string prefix)
    {
        if (ShortWindowPermits < 1 || LongWindowPermits < 1)
        {
            yield return new ValidationResult($"{prefix}: ShortWindowPermits and LongWindowPermits must be at least 1.");
        }

        if (ShortWindow <= TimeSpan.Zero || LongWindow <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{prefix}: ShortWindow and LongWindow must be positive.");
        }

        if (SegmentsPerWindow < 1 || QueueLimit < 0)
        {
            yield return new ValidationResult($"{prefix}: SegmentsPerWindow must be at least 1 and QueueLimit not negative.");
        }
    }
}
