using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FinanceFlow.Connectors.NetSuite;

/// <summary>
/// The NetSuite client's resilience pipeline: retry with jitter on 408/429/5xx, a timeout or a lost connection, honouring
/// <c>Retry-After</c>, but only for requests safe to repeat (reads, SuiteQL queries, and upserts on an external id, which
/// write the same record again), marked with <see cref="Repeatable"/>; a circuit breaker per NetSuite host; a time limit per
/// attempt taken from the ledger's <c>TimeoutSeconds</c> (<see cref="AttemptTimeout"/>).
/// </summary>
public static class NetSuiteResilience
{
    /// <summary>Set on a request whose repeat cannot write twice.</summary>
    public static readonly HttpRequestOptionsKey<bool> Repeatable = new("FinanceFlow.NetSuite.Repeatable");

    /// <summary>The ledger's time limit for one attempt.</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> AttemptTimeout = new("FinanceFlow.NetSuite.AttemptTimeout");

    /// <summary>Retries after the first attempt of a repeatable request.</summary>
    public const int MaxRetries = 3;

    private static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(30);

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(500),
            ShouldRetryAfterHeader = true,
            ShouldHandle = args => ValueTask.FromResult(IsRepeatable(args.Context) && IsTransient(args.Outcome)),
        });
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 20,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = TimeSpan.FromSeconds(15),
        });
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions
        {
            TimeoutGenerator = args => ValueTask.FromResult(
                args.Context.GetRequestMessage() is { } request && request.Options.TryGetValue(AttemptTimeout, out var limit) ? limit : DefaultAttemptTimeout),
        });
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

    /// <summary>
    /// Outside the pipeline: its refusals read as <see cref="Erp.ErpHttp"/> expects them: an attempt's time limit as a timeout
    /// (<see cref="TaskCanceledException"/>, as HttpClient's own), an open circuit as a connection never made (nothing sent).
    /// </summary>
    public sealed class RefusalsAsHttpErrors : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (TimeoutRejectedException ex)
            {
                throw new TaskCanceledException($"NetSuite did not answer {request.Method} {request.RequestUri} in time.", new TimeoutException(ex.Message, ex));
            }
            catch (BrokenCircuitException ex)
            {
                throw new HttpRequestException(HttpRequestError.ConnectionError, $"Not sent: the circuit to NetSuite is open after repeated failures ({ex.Message}).", ex);
            }
        }
    }
}
