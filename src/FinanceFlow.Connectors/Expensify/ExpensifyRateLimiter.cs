using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Connectors.Expensify;

/// <summary>Holds requests back to Expensify's limits: two chained sliding windows (5 per 10 s and 20 per 60 s by default).</summary>
/// <remarks>
/// One instance per process (a singleton): every <see cref="ExpensifyClient"/> call waits here before it goes out. The limits
/// are Expensify's per partner user, so two processes pulling with the same credentials would need a shared limiter; a
/// scheduled pull runs in one place at a time (timer trigger singleton, one self-host schedule), which keeps this enough.
/// </remarks>
public sealed class ExpensifyRateLimiter : IDisposable
{
    private readonly RateLimiter _short;
    private readonly RateLimiter _long;
    private readonly RateLimiter _chained;

    public ExpensifyRateLimiter(IOptions<ExpensifyOptions> options)
    {
        var limits = options.Value.RateLimits;
        _short = Window(limits.ShortWindowPermits, limits.ShortWindow, limits);
        _long = Window(limits.LongWindowPermits, limits.LongWindow, limits);
        _chained = RateLimiter.CreateChained(_short, _long);
    }

    /// <summary>Waits for a permit in both windows; dispose the lease once the request is done.</summary>
    /// <exception cref="ExpensifyUnavailableException">Too many requests are already waiting.</exception>
    public async Task<RateLimitLease> AcquireAsync(CancellationToken cancellationToken)
    {
        var lease = await _chained.AcquireAsync(1, cancellationToken);
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        throw new ExpensifyUnavailableException("Too many Expensify requests are waiting for the rate limit; try again later.");
    }

    public void Dispose()
    {
        _chained.Dispose();
        _short.Dispose();
        _long.Dispose();
    }

    private static SlidingWindowRateLimiter Window(int permits, TimeSpan window, ExpensifyRateLimitOptions limits) => new(new SlidingWindowRateLimiterOptions
    {
        PermitLimit = permits,
        Window = window,
        SegmentsPerWindow = limits.SegmentsPerWindow,
        QueueLimit = limits.QueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });
}
