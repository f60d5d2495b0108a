using FinanceFlow.Connectors.Expensify;
using FinanceFlow.Core.Configuration;
using FinanceFlow.SelfHost.Engine;
using FinanceFlow.Workflows.Schedules;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace FinanceFlow.SelfHost.Schedules;

/// <summary>Starts the self-host's eternal schedule orchestrations once, when their source is enabled and scheduled.</summary>
public sealed class ScheduleStarter(
    DurableTaskClient client,
    DurableTaskFrameworkHost engine,
    IOptions<ExpensifyOptions> expensify,
    IOptionsMonitor<FinanceFlowOptions> options,
    ILogger<ScheduleStarter> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cron = options.CurrentValue.Sources.TryGetValue(ExpensifyReportMapper.SourceName, out var source) ? source.Schedule : null;
        if (!expensify.Value.Enabled || string.IsNullOrWhiteSpace(cron))
        {
            return;
        }

        // A bad expression is a configuration error: fail now, naming the setting, rather than in the orchestration.
        try
        {
            _ = ExpensifyPullSchedule.NextOccurrence(cron, DateTime.UtcNow);
        }
        catch (NCrontab.CrontabException ex)
        {
            throw new InvalidOperationException($"FinanceFlow:Sources:expensify:Schedule '{cron}' is not an NCRONTAB expression: {ex.Message}", ex);
        }

        // Like the engine, wait out storage that is not reachable yet instead of stopping the host.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (engine.IsStarted)
                {
                    await EnsureScheduledAsync(cron, stoppingToken);
                    return;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Expensify pull schedule could not be started; retrying in {Delay}", RetryDelay);
            }

            await Task.Delay(RetryDelay, stoppingToken);
        }
    }

    private async Task EnsureScheduledAsync(string cron, CancellationToken cancellationToken)
    {
        var existing = await client.GetInstanceAsync(ExpensifyPullSchedule.InstanceId, getInputsAndOutputs: true, cancellationToken);
        if (existing is { IsRunning: true } && existing.ReadInputAs<PullScheduleInput>()?.Cron == cron)
        {
            logger.LogInformation("Expensify pull schedule already running ({Cron})", cron);
            return;
        }

        if (existing is { IsRunning: true })
        {
            await client.TerminateInstanceAsync(ExpensifyPullSchedule.InstanceId, "schedule changed", cancellationToken);
            await client.WaitForInstanceCompletionAsync(ExpensifyPullSchedule.InstanceId, cancellationToken);
        }

        await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ExpensifyPullSchedule), new PullScheduleInput(cron), new StartOrchestrationOptions(ExpensifyPullSchedule.InstanceId), cancellationToken);
        logger.LogInformation("Expensify pull scheduled: {Cron}", cron);
    }
}
