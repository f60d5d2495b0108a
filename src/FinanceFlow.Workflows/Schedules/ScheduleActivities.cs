using FinanceFlow.Workflows.Sources;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Workflows.Schedules;

/// <summary>The work a schedule runs. Self-host only: in Functions a timer trigger calls the pull directly.</summary>
public sealed class ScheduleActivities(ExpensifyPull pull, DurableTaskClient client)
{
    public async Task<string> PullExpensifyReports(CancellationToken cancellationToken) =>
        (await pull.PullAsync(client, cancellationToken)).ToString();
}
