using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace FinanceFlow.Connectors.Erp;

/// <summary>
/// The resilience pipeline every ERP connector's client has: retry with jitter on 408/429/5xx, a timeout or a lost connection,
/// honouring <c>Retry-After</c>, only for requests whose repeat cannot write twice (GETs, and requests marked
/// <see cref="Repeatable"/> such as NetSuite's upsert on an external id); a circuit breaker per ERP host; a time limit per
/// attempt from the request's <see cref="AttemptTimeout"/> (the ledger's <c>TimeoutSeconds</c>). A create is sent once per
/// posting attempt: the Durable retry, after a find by reference, is its one retry layer. <see cref="ErpHttp"/> classifies
/// the pipeline's own refusals (an attempt timed out, the circuit open).
/// </summary>
public static class ErpResilience
{
    /// <summary>Set on a request whose repeat cannot write twice.</summary>
    public static readonly HttpRequestOptionsKey<bool> Repeatable = new("FinanceFlow.Erp.Repeatable");

    /// <summary>The ledger's time limit for one attempt.</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> AttemptTimeout = new("FinanceFlow.Erp.AttemptTimeout");

    private static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How one ERP's client retries and breaks.</summary>
    /// <param name="MaxRetries">Retries after the first attempt of a repeatable request.</param>
    /// <param name="BreakDuration">How long calls stop once half of at least 20 calls in 30 s failed.</param>
    public sealed record Plan(int MaxRetries, TimeSpan FirstDelay, TimeSpan BreakDuration, TimeSpan? MaxDelay = null);

    /// <summary>Adds the pipeline named <paramref name="name"/>, one instance (one circuit) per ERP host.</summary>
    public static IHttpResiliencePipelineBuilder AddErpResilience(this IHttpClientBuilder client, string name, Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return client.AddResilienceHandler(name, pipeline =>
            {
                var retry = new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = plan.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = plan.FirstDelay,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(IsRepeatable(args.Context) && IsTransient(args.Outcome)),
                };
                if (plan.MaxDelay is { } maxDelay)
                {
                    retry.MaxDelay = maxDelay;
                }

                pipeline.AddRetry(retry);
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 20,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = plan.BreakDuration,
                });
                pipeline.AddTimeout(new HttpTimeoutStrategyOptions
                {
                    TimeoutGenerator = args => ValueTask.FromResult(
                        args.Context.GetRequestMessage() is { } request && request.Options.TryGetValue(AttemptTimeout, out var limit) ? limit : DefaultAttemptTimeout),
                });
            })
            .SelectPipelineByAuthority();
    }

    private static bool IsRepeatable(ResilienceContext context) =>
        context.GetRequestMessage() is { } request
        && (request.Method == HttpMethod.Get || (request.Options.TryGetValue(Repeatable, out var repeatable) && repeatable));

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
        _ => false,
    };
}
