using FinanceFlow.Connectors.Erp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;

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
            .AddHttpMessageHandler(() => new S4HanaResilienceOutcomeHandler())
            .AddResilienceHandler("s4hana", builder =>
            {
                var retry = new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(300),
                    ShouldRetryAfterHeader = true,
                };
                retry.DisableForUnsafeHttpMethods();
                builder.AddRetry(retry);
                builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 20,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = TimeSpan.FromSeconds(5),
                });

                // One attempt's limit is the ledger's TimeoutSeconds, which the client's own time limit also puts on a call with its retries.
                builder.AddTimeout(new HttpTimeoutStrategyOptions
                {
                    TimeoutGenerator = args => ValueTask.FromResult(
                        args.Context.GetRequestMessage()?.Options.TryGetValue(S4HanaResilienceOutcomeHandler.AttemptTimeout, out var limit) == true
                            ? limit
                            : TimeSpan.FromSeconds(30)),
                });
            })
            .SelectPipelineByAuthority();
        return services;
    }
}
