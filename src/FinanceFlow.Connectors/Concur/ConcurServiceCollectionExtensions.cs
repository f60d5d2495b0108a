using FinanceFlow.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Connectors.Concur;

/// <summary>Registers the Concur posting settings.</summary>
public static class ConcurServiceCollectionExtensions
{
    /// <summary>Binds and validates <see cref="ConcurPostingOptions"/> at start-up.</summary>
    public static IServiceCollection AddConcurPosting(this IServiceCollection services)
    {
        services.AddOptions<ConcurPostingOptions>()
            .BindConfiguration(ConcurPostingOptions.SectionName)
            .ValidateSettings(ConcurPostingOptions.SectionName);
        return services;
    }
}
