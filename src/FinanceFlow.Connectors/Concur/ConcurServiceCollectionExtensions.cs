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
            .ValidateDataAnnotations()
            .Validate(
                o => new[] { o.Default }.Concat(o.Companies.Values).All(c => c.CostCenterField is >= 0 and <= 20 && c.ProjectField is >= 0 and <= 20),
                $"{ConcurPostingOptions.SectionName}: CostCenterField and ProjectField must be 0 (none) to 20 for Default and every company.")
            .ValidateOnStart();
        return services;
    }
}
