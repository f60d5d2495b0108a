using Microsoft.DurableTask;

namespace FinanceFlow.Workflows.Catalog;

/// <summary>An orchestrator both hosts register under <paramref name="Name"/>.</summary>
public sealed record OrchestratorRegistration(string Name, Func<ITaskOrchestrator> Create);

/// <summary>An activity both hosts register under <paramref name="Name"/>; <paramref name="Create"/> gets the root provider and returns an activity that resolves its services per execution.</summary>
public sealed record ActivityRegistration(string Name, Func<IServiceProvider, ITaskActivity> Create);
