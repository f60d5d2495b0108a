using FinanceFlow.Workflows.Intake.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FinanceFlow.Workflows.Intake;

/// <summary>
/// The circuit around intake's storage calls (raw payloads, status and audit rows, the Durable client's lookup and start): each call
/// gets <see cref="IntakeOptions.StorageTimeout"/>, and once storage fails often enough the circuit opens for
/// <see cref="IntakeOptions.BreakDuration"/>, refusing every call at once. Such a call surfaces as <see cref="StorageUnavailableException"/>;
/// domain answers (a 409, a 404, a payload conflict, an instance already started) pass through unchanged and do not count.
/// </summary>
public sealed class IntakeStorageCircuit
{
    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly IntakeOptions _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<IntakeStorageCircuit> _logger;

    // UTC ticks until which the open circuit refuses calls; 0 while it lets them through.
    private long _openUntil;

    public IntakeStorageCircuit(IOptions<IntakeOptions> options, TimeProvider time, ILogger<IntakeStorageCircuit> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _settings = options.Value;
        _time = time;
        _logger = logger;

        // The breaker is outside the timeout, so a call that ran out of time counts as a failure.
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = _settings.FailureRatio,
                MinimumThroughput = _settings.MinimumThroughput,
                SamplingDuration = _settings.SamplingDuration,
                BreakDuration = _settings.BreakDuration,
                StateProvider = _state,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsOutage(ex, args.Context.CancellationToken)),
                OnOpened = args =>
                {
                    Interlocked.Exchange(ref _openUntil, (_time.GetUtcNow() + args.BreakDuration).UtcTicks);
                    _logger.LogWarning(args.Outcome.Exception, "Intake storage circuit open for {BreakDuration}: deliveries are refused 503 until storage answers again", args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    Interlocked.Exchange(ref _openUntil, 0);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    Interlocked.Exchange(ref _openUntil, 0);
                    _logger.LogInformation("Intake storage circuit closed: storage answers again");
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(_settings.StorageTimeout)
            .Build();
    }

    /// <summary>True while the circuit refuses calls without trying storage.</summary>
    public bool IsOpen => BlockedFor is not null;

    /// <summary>When a refused delivery may be sent again: what is left of the break while the circuit is open, else the break duration.</summary>
    public TimeSpan RetryAfter => BlockedFor ?? _settings.BreakDuration;

    /// <summary>Circuit state as Polly reports it (for logs and tests).</summary>
    public CircuitState State => _state.CircuitState;

    private TimeSpan? BlockedFor
    {
        get
        {
            var until = Interlocked.Read(ref _openUntil);
            var left = until == 0 ? TimeSpan.Zero : new DateTimeOffset(until, TimeSpan.Zero) - _time.GetUtcNow();
            return left > TimeSpan.Zero ? left : null;
        }
    }

    /// <summary>Runs one storage call under the timeout and the circuit.</summary>
    /// <exception cref="StorageUnavailableException">Storage is down, failed, was too slow, or the circuit is open.</exception>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            // WaitAsync: a client that does not honour the token (the DTFx client's retries) is left behind, not waited for.
            return await _pipeline.ExecuteAsync(static async (call, token) => await call(token).WaitAsync(token), call, cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            _logger.LogDebug("Intake storage call refused: the circuit is open");
            throw new StorageUnavailableException("storage failed moments ago and the intake's storage circuit is open", RetryAfter, ex);
        }
        catch (TimeoutRejectedException ex)
        {
            _logger.LogWarning(ex, "Intake storage call did not answer within {StorageTimeout}", _settings.StorageTimeout);
            throw new StorageUnavailableException($"storage did not answer within {_settings.StorageTimeout.TotalSeconds:0.###} s", RetryAfter, ex);
        }
        catch (Exception ex) when (ex is not StorageUnavailableException && IsOutage(ex, cancellationToken))
        {
            _logger.LogWarning(ex, "Intake storage call failed");
            throw new StorageUnavailableException($"storage is unavailable ({ex.GetType().Name})", RetryAfter, ex);
        }
    }

    /// <summary>Runs one storage call that answers nothing under the timeout and the circuit.</summary>
    /// <exception cref="StorageUnavailableException">Storage is down, failed, was too slow, or the circuit is open.</exception>
    public Task RunAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return RunAsync(async token =>
        {
            await call(token);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Waits out the rest of the break while the circuit is open; returns at once otherwise. A little longer than the break: the
    /// breaker times its break from its own reading of the clock, taken just after ours, and a call a moment early is refused.
    /// </summary>
    public Task WaitWhileOpenAsync(CancellationToken cancellationToken) =>
        BlockedFor is { } wait ? Task.Delay(wait + TimeSpan.FromMilliseconds(100), _time, cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// A fault of storage, not of the request: unreachable, 408/5xx, too slow. The caller's own cancellation is not one, nor is a
    /// 4xx answer (a conflict, a missing blob) that the stores turn into domain answers.
    /// </summary>
    public static bool IsOutage(Exception exception, CancellationToken callerToken) =>
        !(exception is OperationCanceledException && callerToken.IsCancellationRequested) && TransientFaults.IsTransient(exception);
}
