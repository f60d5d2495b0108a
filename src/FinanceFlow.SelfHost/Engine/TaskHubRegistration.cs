using DurableTask.Core;
using FinanceFlow.Workflows.Catalog;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;

namespace FinanceFlow.SelfHost.Engine;

/// <summary>Registers SDK-style orchestrators and activities on a DTFx <see cref="TaskHubWorker"/> through the SDK's shims.</summary>
public static class TaskHubRegistration
{
    /// <summary>Creates the shim factory with FinanceFlow's JSON converter, so workers and client agree on encoding.</summary>
    public static DurableTaskShimFactory CreateShimFactory(ILoggerFactory loggerFactory) =>
        new(new DurableTaskWorkerOptions { DataConverter = DurableJson.Converter }, loggerFactory);

    /// <summary>Adds every registration to <paramref name="worker"/>; a fresh orchestrator or activity is created per execution.</summary>
    public static void Register(
        TaskHubWorker worker,
        SelfHostCatalog catalog,
        IServiceProvider rootProvider,
        DurableTaskShimFactory shimFactory)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(catalog);

        worker.AddTaskOrchestrations(catalog.Orchestrators
            .Select(r => (ObjectCreator<TaskOrchestration>)new OrchestrationCreator(r, shimFactory))
            .ToArray());
        worker.AddTaskActivities(catalog.Activities
            .Select(r => (ObjectCreator<TaskActivity>)new ActivityCreator(r, rootProvider, shimFactory))
            .ToArray());
    }

    private sealed class OrchestrationCreator : ObjectCreator<TaskOrchestration>
    {
        private readonly OrchestratorRegistration _registration;
        private readonly DurableTaskShimFactory _shimFactory;

        public OrchestrationCreator(OrchestratorRegistration registration, DurableTaskShimFactory shimFactory)
        {
            _registration = registration;
            _shimFactory = shimFactory;
            Name = registration.Name;
            Version = string.Empty;
        }

        // DTFx's creator has no view of the parent instance, so context.Parent stays null in sub-orchestrations.
        public override TaskOrchestration Create() =>
            _shimFactory.CreateOrchestration(new TaskName(Name), _registration.Create(), (ParentOrchestrationInstance?)null);
    }

    private sealed class ActivityCreator : ObjectCreator<TaskActivity>
    {
        private readonly ActivityRegistration _registration;
        private readonly IServiceProvider _rootProvider;
        private readonly DurableTaskShimFactory _shimFactory;

        public ActivityCreator(ActivityRegistration registration, IServiceProvider rootProvider, DurableTaskShimFactory shimFactory)
        {
            _registration = registration;
            _rootProvider = rootProvider;
            _shimFactory = shimFactory;
            Name = registration.Name;
            Version = string.Empty;
        }

        public override TaskActivity Create() =>
            _shimFactory.CreateActivity(new TaskName(Name), _registration.Create(_rootProvider));
    }
}
