using FinanceFlow.Workflows.Catalog;

namespace FinanceFlow.SelfHost.Engine;

/// <summary>The orchestrators and activities the engine registers; the workflow catalog in production, tiny test workflows in tests.</summary>
public sealed record SelfHostCatalog(
    IReadOnlyList<OrchestratorRegistration> Orchestrators,
    IReadOnlyList<ActivityRegistration> Activities);
