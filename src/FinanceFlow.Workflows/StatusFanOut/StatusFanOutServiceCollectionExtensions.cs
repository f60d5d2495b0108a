using FinanceFlow.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.StatusFanOut;

/// <summary>Registers status fan-out: the targets' publishing and the start-up check of <c>FinanceFlow:StatusFanOut:Targets</c>.</summary>
public static class StatusFanOutServiceCollectionExtensions
{
    public static IServiceCollection AddStatusFanOut(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<FinanceFlowOptions>>(new StatusFanOutValidation(configuration));
        services.AddScoped<StatusPublishing>();
        return services;
    }
}
