using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Workflows.Posting;

/// <summary>Registers idempotent ERP posting; the ERP connectors themselves come from FinanceFlow.Connectors.</summary>
public static class PostingServiceCollectionExtensions
{
    public static IServiceCollection AddPosting(this IServiceCollection services)
    {
        services.AddScoped<IdempotentErpPoster>();
        return services;
    }
}
