using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Workflows.Audit;

/// <summary>Registers the audit trail's own use case: verifying a report's hash chain.</summary>
public static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddScoped<AuditVerification>();
        return services;
    }
}
