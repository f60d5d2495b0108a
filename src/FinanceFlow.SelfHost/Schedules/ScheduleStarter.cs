using FinanceFlow.Connectors.Expensify;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Workflows.Schedules;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace FinanceFlow.SelfHost.Schedules;

/// <summary>Starts the self-host's eternal schedule orchestrations once, when their source is enabled and scheduled.</summary>
public sealed class ScheduleStarter(
    DurableTaskClient client,
    IOptions<ExpensifyOptions> expensify,
    IOptionsMonitor<FinanceFlowOptions> options,
    ILogger<ScheduleStarter> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var cron = options.CurrentValue.Sources.TryGetValue(ExpensifyReportMapper.SourceName, out var source) ? source.Schedule : null;
        if (!expensify.Value.Enabled || string.IsNullOrWhiteSpace(cron))
        {
            return;
        }

        // Validates the expression now rather than in the orchestration.
        _ = ExpensifyPullSchedule.NextOccurrence(cron, DateTime.UtcNow);
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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
