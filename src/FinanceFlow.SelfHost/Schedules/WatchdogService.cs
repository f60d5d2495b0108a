using FinanceFlow.SelfHost.Engine;
using FinanceFlow.Workflows.Operations;
using FinanceFlow.Workflows.Schedules;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace FinanceFlow.SelfHost.Schedules;

/// <summary>
/// Sweeps for stuck report runs on <c>FinanceFlow:Watchdog:Schedule</c>. Unlike the other schedules it is not an orchestration:
/// it must notice when the engine itself stopped moving, so it runs beside the engine, not on it.
/// </summary>
public sealed class WatchdogService(
    IServiceScopeFactory scopes,
    DurableTaskClient client,
    DurableTaskFrameworkHost engine,
    IOptions<WatchdogOptions> options,
    TimeProvider time,
    ILogger<WatchdogService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Schedule is not { Length: > 0 } cron)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = new DateTimeOffset(RecurringSchedule.NextOccurrence(cron, now.UtcDateTime), TimeSpan.Zero);
            await Task.Delay(next - now, time, stoppingToken);
            if (!engine.IsStarted)
            {
                continue;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sweep = await scope.ServiceProvider.GetRequiredService<StuckRunWatchdog>().SweepAsync(client, stoppingToken);
                logger.LogDebug("{Sweep}", sweep.ToString());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Storage may be away: the next occurrence tries again.
                logger.LogError(ex, "Watchdog sweep failed");
            }
        }
    }
}
