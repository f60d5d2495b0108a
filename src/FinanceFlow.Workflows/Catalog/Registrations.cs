using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Workflows.Catalog;

/// <summary>An orchestrator both hosts register under <paramref name="Name"/>.</summary>
public sealed record OrchestratorRegistration(string Name, Func<ITaskOrchestrator> Create);

/// <summary>
/// An activity both hosts register under <paramref name="Name"/>: a method of <paramref name="ServiceType"/>, which the catalog also
/// registers with DI. <paramref name="Create"/> gets the root provider and returns an activity that resolves its service per execution.
/// </summary>
public sealed record ActivityRegistration(string Name, Type ServiceType, Func<IServiceProvider, ITaskActivity> Create)
{
    /// <summary>The activity <paramref name="name"/>: <paramref name="run"/> on a <typeparamref name="TService"/> from its own DI scope.</summary>
    public static ActivityRegistration Of<TService, TInput, TOutput>(string name, Func<TService, TInput, CancellationToken, Task<TOutput>> run)
        where TService : notnull =>
        Scoped<TService, TInput, TOutput>(name, (service, input, ct) => run(service, input ?? throw new ArgumentNullException(nameof(input)), ct));

    /// <summary>An activity that takes no input (the schedules').</summary>
    public static ActivityRegistration WithoutInput<TService, TOutput>(string name, Func<TService, CancellationToken, Task<TOutput>> run)
        where TService : notnull =>
        Scoped<TService, object?, TOutput>(name, (service, _, ct) => run(service, ct));

    private static ActivityRegistration Scoped<TService, TInput, TOutput>(string name, Func<TService, TInput?, CancellationToken, Task<TOutput>> run)
        where TService : notnull =>
        new(name, typeof(TService), root => FuncTaskActivity.Create<TInput, TOutput>(async (_, input) =>
        {
            // Each execution gets its own scope, so scoped services (stores, clients) live for one activity.
            await using var scope = root.CreateAsyncScope();
            return await run(scope.ServiceProvider.GetRequiredService<TService>(), input, CancellationToken.None);
        }));
}
