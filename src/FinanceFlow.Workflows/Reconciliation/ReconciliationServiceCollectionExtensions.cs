using FinanceFlow.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Workflows.Reconciliation;

/// <summary>Registers the reconciliation of FinanceFlow's postings with every ERP ledger.</summary>
public static class ReconciliationServiceCollectionExtensions
{
    public static IServiceCollection AddReconciliation(this IServiceCollection services)
    {
        services.AddOptions<ReconciliationOptions>()
            .BindConfiguration(ReconciliationOptions.SectionName)
            .ValidateSettings(ReconciliationOptions.SectionName);
        services.AddScoped<LedgerReconciliationRunner>();
        return services;
    }
}
