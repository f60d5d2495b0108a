using FinanceFlow.Connectors.Erp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FinanceFlow.Connectors.NetSuite;

/// <summary>Registers the NetSuite connector factory and its HTTP client.</summary>
public static class NetSuiteServiceCollectionExtensions
{
    /// <summary>The named HttpClient of every NetSuite ledger (one pipeline, one circuit breaker per NetSuite host).</summary>
    public const string HttpClientName = "FinanceFlow.NetSuite";

    /// <summary>Adds <see cref="NetSuiteConnectorFactory"/> as an <see cref="IErpConnectorFactory"/> for <see cref="ErpKind.NetSuite"/>.</summary>
    public static IServiceCollection AddNetSuiteErp(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(HttpClientName)
            .AddErpResilience("netsuite", new ErpResilience.Plan(3, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(15)));
        services.AddSingleton<IErpConnectorFactory, NetSuiteConnectorFactory>();
        return services;
    }
}
