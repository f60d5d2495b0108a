using FinanceFlow.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Connectors.Expensify;

/// <summary>Registers the Expensify source: options, rate limiter, typed client and mapper.</summary>
public static class ExpensifyServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ExpensifyClient"/>, <see cref="ExpensifyReportMapper"/> and the <see cref="ExpensifyOptions"/> bound from <c>FinanceFlow:Sources:expensify:Integration</c>.</summary>
    public static IServiceCollection AddExpensifyConnector(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExpensifyOptions>()
            .BindConfiguration(ExpensifyOptions.SectionName)
            .ValidateSettings(ExpensifyOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ExpensifyRateLimiter>();
        services.TryAddSingleton<ExpensifyReportMapper>();

        // No retry handler: Expensify reports most failures as HTTP 200 with a responseCode, which the client turns into
        // ExpensifyUnavailableException for the caller's one retry layer (activity RetryPolicy or the next scheduled pull).
        // Retries inside the handler would also go out without waiting for the rate limiter, which sits in front of it.
        services.AddHttpClient<ExpensifyClient>((provider, client) =>
        {
            var expensify = provider.GetRequiredService<IOptions<ExpensifyOptions>>().Value;
            client.Timeout = TimeSpan.FromSeconds(expensify.TimeoutSeconds);
        });
        return services;
    }
}
