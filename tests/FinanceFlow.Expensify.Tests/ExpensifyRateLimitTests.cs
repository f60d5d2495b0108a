using FinanceFlow.Connectors.Expensify;
using FinanceFlow.Emulators.Expensify;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Expensify.Tests;

public sealed class ExpensifyRateLimitTests : IDisposable
{
    private readonly ExpensifyEmulator _server = new();

    [Fact]
    public async Task MarkReimbursedAsync_BurstOfSix_SixthWaitsForTheShortWindow()
    {
        // Arrange: Expensify's 5 per window, with a 1 s window so the test is quick. The assertion is a lower bound the
        // limiter guarantees (a slow machine only makes the gap longer), not a sleep.
        var window = TimeSpan.FromSeconds(1);
        _server.WithStatusUpdate(ExpensifyEmulator.Reference("expensify-reportStatusUpdater-response-200.json"));
        using var services = _server.Services(new Dictionary<string, string?>
        {
            [$"{ExpensifyOptions.SectionName}:RateLimits:ShortWindow"] = window.ToString(),
            [$"{ExpensifyOptions.SectionName}:RateLimits:SegmentsPerWindow"] = "10",
        });
        var client = services.GetRequiredService<ExpensifyClient>();

        // Act
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.MarkReimbursedAsync(["R006AseGxMka"])));

        // Assert: the sixth was held back. Unlimited, six requests arrive within a few tens of ms. Limited, the sixth waits
        // until the first one's segment leaves the window: a window less one segment after the limiter's segment clock
        // started, which can be before the first request was sent, and arrival times carry HTTP jitter. Half a window
        // is a bound the limiter always meets and an unlimited client never does.
        var arrivals = _server.Received.Select(r => r.At).Order().ToList();
        Assert.Equal(6, arrivals.Count);
        Assert.True(arrivals[5] - arrivals[0] >= window / 2, $"6 requests went out within {(arrivals[5] - arrivals[0]).TotalMilliseconds} ms.");
    }

    [Fact]
    public async Task AcquireAsync_QueueFull_ThrowsUnavailable()
    {
        // Arrange: one permit per minute and no queue.
        var options = Options.Create(new ExpensifyOptions());
        options.Value.RateLimits.ShortWindowPermits = 1;
        options.Value.RateLimits.ShortWindow = TimeSpan.FromMinutes(1);
        options.Value.RateLimits.QueueLimit = 0;
        using var limiter = new ExpensifyRateLimiter(options);
        using var first = await limiter.AcquireAsync(CancellationToken.None);

        // Act / Assert
        await Assert.ThrowsAsync<ExpensifyUnavailableException>(() => limiter.AcquireAsync(CancellationToken.None));
    }

    [Fact]
    public void RateLimits_Defaults_AreExpensifysDocumentedLimits()
    {
        var limits = new ExpensifyOptions().RateLimits;

        Assert.Equal((5, TimeSpan.FromSeconds(10)), (limits.ShortWindowPermits, limits.ShortWindow));
        Assert.Equal((20, TimeSpan.FromSeconds(60)), (limits.LongWindowPermits, limits.LongWindow));
    }

    public void Dispose() => _server.Dispose();
}
