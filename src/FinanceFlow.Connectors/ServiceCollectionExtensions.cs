using FinanceFlow.Connectors.BusinessCentral;
using FinanceFlow.Connectors.Callbacks;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Connectors.Hledger;
using FinanceFlow.Connectors.NetSuite;
using FinanceFlow.Connectors.S4Hana;
using FinanceFlow.Connectors.StatusFanOut;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Connectors;

/// <summary>Registers the ERP connector, the source callback client and the webhook status publisher.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>Adds the ERP ledgers (hledger, Business Central, NetSuite, S/4HANA by each ledger's Kind) and <see cref="ISourceCallbackClient"/>; FinanceFlowOptions are bound by the Workflows layer.</summary>
    public static IServiceCollection AddFinanceFlowConnectors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HledgerOptions>()
            .BindConfiguration(HledgerOptions.SectionName)
            .ValidateSettings(HledgerOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);

        // No retry handler here: PUT /add is not idempotent (hledger-web appends duplicates). The Durable RetryPolicy on the
        // posting activity is the one retry layer, and it re-checks the posting store and the ledger before sending again.
        // A host-wide ConfigureHttpClientDefaults(AddStandardResilienceHandler) would break that rule for this client.
        services.AddHttpClient<HledgerConnector>((provider, client) =>
        {
            var hledger = provider.GetRequiredService<IOptions<HledgerOptions>>().Value;
            client.BaseAddress = new Uri(hledger.BaseUrl.EndsWith('/') ? hledger.BaseUrl : hledger.BaseUrl + "/", UriKind.Absolute);
            client.Timeout = TimeSpan.FromSeconds(hledger.TimeoutSeconds);
        });
        services.AddTransient<IErpConnector>(provider => provider.GetRequiredService<HledgerConnector>());

        // Ledgers per legal entity (master data names them): same rule, no retry handler on the PUT.
        services.AddOptions<HledgerLedgersOptions>().Configure<IConfiguration>((ledgers, config) =>
            config.GetSection(HledgerLedgersOptions.SectionName).Bind(ledgers.Ledgers));
        services.AddHttpClient(HledgerLedgers.HttpClientName);
        services.AddSingleton<HledgerLedgers>();

        // Each ledger's Kind picks its ERP: hledger, or one of these (each with its own HTTP client and resilience pipeline).
        services.AddBusinessCentralErp();
        services.AddNetSuiteErp();
        services.AddS4HanaErp();
        services.AddSingleton<ErpLedgers>();
        services.AddSingleton<IErpLedgers>(provider => provider.GetRequiredService<ErpLedgers>());
        services.AddOptions<HledgerLedgersOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<HledgerLedgersOptions>, ErpLedgersValidation>();

        // No retry handler: one send per attempt. The NotifySource activity's Durable RetryPolicy is the one retry layer for run
        // callbacks (and the ERP's payment run calling the payment route again, for paid callbacks); each retry sends the same
        // message id, the receiver's idempotency key. A handler here as well sent up to 12 copies of one failed callback.
        services.AddHttpClient<ISourceCallbackClient, SourceCallbackClient>(client => client.Timeout = SourceCallbackClient.Timeout);

        // No retry handler: the Durable retry policy of each target's publish activity is the one retry layer (and audits every attempt).
        // The timeout is per target, inside the publisher.
        services.AddHttpClient<WebhookStatusPublisher>(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddTransient<IStatusPublisher>(provider => provider.GetRequiredService<WebhookStatusPublisher>());
        return services;
    }
}
