using FinanceFlow.Workflows.Sources;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FinanceFlow.Functions.Schedules;

/// <summary>Timer-triggered pulls from sources that do not push (Expensify's Integration Server).</summary>
public sealed class ScheduleFunctions(ExpensifyPull pull)
{
    /// <summary>Schedule: app setting <c>FinanceFlow__Sources__expensify__Schedule</c> (NCRONTAB with seconds).</summary>
    [Function(nameof(PullExpensifyReports))]
    public async Task PullExpensifyReports(
        [TimerTrigger("%FinanceFlow:Sources:expensify:Schedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await pull.PullAsync(client, cancellationToken);
}
