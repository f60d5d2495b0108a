using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Connectors.Expensify;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Model;
using FinanceFlow.SelfHost.Engine;
using FinanceFlow.Workflows.MasterData;
using FinanceFlow.Workflows.PaymentSync;
using FinanceFlow.Workflows.Reconciliation;
using FinanceFlow.Workflows.Schedules;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace FinanceFlow.SelfHost.Schedules;

/// <summary>
/// Starts the self-host's eternal schedule orchestrations once the engine runs: the Expensify pull when the source is enabled
/// and scheduled, the master-data sync when scheduled or asked to run at start-up, the nightly reconciliation when scheduled, the payment sync when enabled and scheduled, the Concur document poll when FIS is enabled and the poll scheduled.
/// </summary>
public sealed class ScheduleStarter(
    DurableTaskClient client,
    DurableTaskFrameworkHost engine,
    IOptions<ExpensifyOptions> expensify,
    IOptionsMonitor<FinanceFlowOptions> options,
    IOptionsMonitor<MasterDataOptions> masterData,
    IOptionsMonitor<ReconciliationOptions> reconciliation,
    IOptionsMonitor<PaymentSyncOptions> paymentSync,
    IOptionsMonitor<ConcurFisOptions> concurFis,
    ILogger<ScheduleStarter> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>One schedule to keep running: its orchestration, instance and input, and the setting that configures it.</summary>
    private sealed record Schedule(string Name, string Orchestrator, string InstanceId, PullScheduleInput Input, string SettingName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = Wanted().ToList();

        // A bad expression is a configuration error: fail now, naming the setting, rather than in the orchestration.
        foreach (var schedule in pending)
        {
            if (schedule.Input.Cron is { } cron && RecurringSchedule.CronError(cron) is { } error)
            {
                throw new InvalidOperationException($"{schedule.SettingName} '{cron}' is not an NCRONTAB expression: {error}");
            }
        }

        // Like the engine, wait out storage that is not reachable yet instead of stopping the host.
        while (pending.Count > 0 && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (engine.IsStarted)
                {
                    await EnsureScheduledAsync(pending[0], stoppingToken);
                    pending.RemoveAt(0);
                    continue;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "{Schedule} schedule could not be started; retrying in {Delay}", pending[0].Name, RetryDelay);
            }

            await Task.Delay(RetryDelay, stoppingToken);
        }
    }

    private IEnumerable<Schedule> Wanted()
    {
        var pullCron = options.CurrentValue.Sources.TryGetValue(SourceNames.Expensify, out var source) ? source.Schedule : null;
        if (expensify.Value.Enabled && !string.IsNullOrWhiteSpace(pullCron))
        {
            yield return new Schedule(
                "Expensify pull", nameof(ExpensifyPullSchedule), ExpensifyPullSchedule.InstanceId, new PullScheduleInput(pullCron), "FinanceFlow:Sources:expensify:Schedule");
        }

        var sync = masterData.CurrentValue;
        var syncCron = string.IsNullOrWhiteSpace(sync.SyncSchedule) ? null : sync.SyncSchedule;
        if (syncCron is not null || sync.SyncOnStartup)
        {
            yield return new Schedule(
                "Master-data sync", nameof(MasterDataSyncSchedule), MasterDataSyncSchedule.InstanceId, new PullScheduleInput(syncCron, sync.SyncOnStartup),
                $"{MasterDataOptions.SectionName}:{nameof(MasterDataOptions.SyncSchedule)}");
        }

        if (reconciliation.CurrentValue.Schedule is { Length: > 0 } reconcileCron)
        {
            yield return new Schedule(
                "Reconciliation", nameof(ReconciliationSchedule), ReconciliationSchedule.InstanceId, new PullScheduleInput(reconcileCron),
                $"{ReconciliationOptions.SectionName}:{nameof(ReconciliationOptions.Schedule)}");
        }

        if (paymentSync.CurrentValue is { Enabled: true, Schedule: { Length: > 0 } paymentCron })
        {
            yield return new Schedule(
                "Payment sync", nameof(PaymentSyncSchedule), PaymentSyncSchedule.InstanceId, new PullScheduleInput(paymentCron),
                $"{PaymentSyncOptions.SectionName}:{nameof(PaymentSyncOptions.Schedule)}");
        }

        if (concurFis.CurrentValue is { Enabled: true, PollSchedule: { Length: > 0 } pollCron })
        {
            yield return new Schedule(
                "Concur document poll", nameof(ConcurPollSchedule), ConcurPollSchedule.InstanceId, new PullScheduleInput(pollCron),
                $"{ConcurFisOptions.SectionName}:{nameof(ConcurFisOptions.PollSchedule)}");
        }
    }

    private async Task EnsureScheduledAsync(Schedule schedule, CancellationToken cancellationToken)
    {
        var existing = await client.GetInstanceAsync(schedule.InstanceId, getInputsAndOutputs: true, cancellationToken);

        // A start-up run restarts the schedule, so it runs now and then keeps its rhythm.
        if (existing is { IsRunning: true } && !schedule.Input.RunNow && existing.ReadInputAs<PullScheduleInput>()?.Cron == schedule.Input.Cron)
        {
            logger.LogInformation("{Schedule} schedule already running ({Cron})", schedule.Name, schedule.Input.Cron);
            return;
        }

        if (existing is { IsRunning: true })
        {
            await client.TerminateInstanceAsync(schedule.InstanceId, "schedule changed", cancellationToken);
            await client.WaitForInstanceCompletionAsync(schedule.InstanceId, cancellationToken);
        }

        await client.ScheduleNewOrchestrationInstanceAsync(
            schedule.Orchestrator, schedule.Input, new StartOrchestrationOptions(schedule.InstanceId), cancellationToken);
        logger.LogInformation("{Schedule} scheduled: {Cron}, run now: {RunNow}", schedule.Name, schedule.Input.Cron, schedule.Input.RunNow);
    }
}
