using FinanceFlow.Connectors.Erp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FinanceFlow.Connectors.BusinessCentral;

/// <summary>Registers the Business Central connector factory and its HTTP clients.</summary>
public static class BusinessCentralServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="BusinessCentralConnectorFactory"/> as an <see cref="IErpConnectorFactory"/>. Its client retries reads only
    /// (GET, with jitter, honouring <c>Retry-After</c> on 429/503): creates, posts and deletes are never repeated here, because
    /// the poster's Durable retry, after a find by reference, is their one retry layer. Each attempt has its own time limit
    /// (the ledger's <c>TimeoutSeconds</c>), and a circuit breaker per Business Central host stops calls while it keeps failing.
    /// </summary>
    public static IServiceCollection AddBusinessCentralErp(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(BusinessCentralConnectorFactory.TokenHttpClientName);
        services.AddHttpClient(BusinessCentralConnectorFactory.HttpClientName)
            .AddErpResilience("business-central", new ErpResilience.Plan(3, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(15), MaxDelay: TimeSpan.FromSeconds(30)));
        services.AddSingleton<IErpConnectorFactory, BusinessCentralConnectorFactory>();
        return services;
    }
}
