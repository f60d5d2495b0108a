using FinanceFlow.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Workflows.MasterData;

/// <summary>Registers governed master data and mappings: the cache, imports, the sync and mapping changes.</summary>
public static class MasterDataServiceCollectionExtensions
{
    public static IServiceCollection AddMasterData(this IServiceCollection services)
    {
        services.AddOptions<MasterDataOptions>()
            .BindConfiguration(MasterDataOptions.SectionName)
            .ValidateSettings(MasterDataOptions.SectionName);

        // One cache per process: the enrichment activity and the use cases that invalidate it share it.
        services.AddSingleton<CachedMasterDataSource>();
        services.AddSingleton<IMasterDataSource>(sp => sp.GetRequiredService<CachedMasterDataSource>());
        services.AddScoped<MasterDataWriter>();
        services.AddScoped<MasterDataRecords>();
        services.AddScoped<MasterDataSync>();
        services.AddScoped<MappingRules>();
        return services;
    }
}
