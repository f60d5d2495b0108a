using FinanceFlow.Connectors.Erp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FinanceFlow.Connectors.S4Hana;

/// <summary>Registers the SAP S/4HANA connector factory and its HTTP client.</summary>
public static class S4HanaServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="S4HanaConnectorFactory"/> as an <see cref="IErpConnectorFactory"/>, and its client: a per-attempt time limit,
    /// retries with jitter honouring Retry-After for GETs only (the SOAP create is a POST: never repeated here; the Durable retry
    /// and the look-up before every send handle it), and a circuit breaker per tenant host.
    /// </summary>
    public static IServiceCollection AddS4HanaErp(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IErpConnectorFactory, S4HanaConnectorFactory>();
        services.AddHttpClient(S4HanaConnectorFactory.TokenClientName);
        services.AddHttpClient(S4HanaConnectorFactory.HttpClientName)
            .AddErpResilience("s4hana", new ErpResilience.Plan(2, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5)));
        return services;
    }
}
