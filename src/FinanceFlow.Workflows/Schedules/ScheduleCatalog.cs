using FinanceFlow.Workflows.Catalog;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Workflows.Schedules;

/// <summary>Schedules the self-host runs as eternal orchestrations; the Functions app has timer triggers instead.</summary>
public static class ScheduleCatalog
{
    public static IReadOnlyList<OrchestratorRegistration> Orchestrators { get; } =
    [
        new(nameof(ExpensifyPullSchedule), () => FuncTaskOrchestrator.Create<PullScheduleInput, string>(
            (context, input) => ExpensifyPullSchedule.RunAsync(context, input ?? throw new ArgumentNullException(nameof(input))))),
    ];

    public static IReadOnlyList<ActivityRegistration> Activities { get; } =
    [
        new(nameof(ScheduleActivities.PullExpensifyReports), root => FuncTaskActivity.Create<object?, string>(async (_, _) =>
        {
            await using var scope = root.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ScheduleActivities>().PullExpensifyReports(CancellationToken.None);
        })),
    ];
}
