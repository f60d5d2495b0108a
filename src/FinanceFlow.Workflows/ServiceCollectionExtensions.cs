using FinanceFlow.Connectors;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Infrastructure;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Catalog;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.MasterData;
using FinanceFlow.Workflows.Operations;
using FinanceFlow.Workflows.PaymentSync;
using FinanceFlow.Workflows.Posting;
using FinanceFlow.Workflows.Reconciliation;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.Sources;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FinanceFlow.Workflows;

/// <summary>Registers the workflow layer and everything below it, feature by feature; both hosts call this once.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddFinanceFlowWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FinanceFlowOptions>()
            .BindConfiguration(FinanceFlowOptions.SectionName)
            .ValidateSettings(FinanceFlowOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddFinanceFlowInfrastructure(configuration);
        services.AddFinanceFlowConnectors(configuration);

        return services
            .AddSources(configuration)
            .AddIntake()
            .AddReportPipeline()
            .AddPosting()
            .AddStatusFanOut(configuration)
            .AddCards()
            .AddMasterData()
            .AddReconciliation()
            .AddOperations()
            .AddPaymentSync()
            .AddAudit()
            .AddWorkflowActivities();
    }
}
