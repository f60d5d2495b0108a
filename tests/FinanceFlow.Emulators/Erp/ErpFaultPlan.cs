namespace FinanceFlow.Emulators.Erp;

/// <summary>What an emulated ERP does to one call instead of (or after) answering it.</summary>
public enum ErpFault
{
    None,

    /// <summary>401 with the ERP's error body; the token is treated as expired.</summary>
    Unauthorized,

    /// <summary>429 with <c>Retry-After: 1</c>; nothing is processed.</summary>
    TooManyRequests,

    /// <summary>503; nothing is processed.</summary>
    ServiceUnavailable,

    /// <summary>The answer comes only after <see cref="ErpFaultPlan.SlowAnswer"/> (the client's timeout should fire first); nothing is processed.</summary>
    Timeout,

    /// <summary>A write is carried out, then the connection is aborted before the answer: the client never learns it succeeded.</summary>
    LoseAnswerAfterWrite,

    /// <summary>The call is answered normally after <see cref="ErpFaultPlan.Spike"/> of extra latency.</summary>
    LatencySpike,
}

/// <summary>
/// The faults an emulated ERP applies: scripted ones first (the next N calls, in order), then random ones at the set rates.
/// Thread-safe; every emulator of <c>FinanceFlow.Emulators.Erp</c> consults one per call.
/// </summary>
public sealed class ErpFaultPlan
{
    private readonly Lock _lock = new();
    private readonly Queue<ErpFault> _scripted = new();
    private Random _random = new(1);
    private double _transientRate;
    private double _lostAnswerRate;
    private double _spikeRate;

    /// <summary>How long a <see cref="ErpFault.Timeout"/> holds the answer.</summary>
    public TimeSpan SlowAnswer { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra latency of a <see cref="ErpFault.LatencySpike"/>.</summary>
    public TimeSpan Spike { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Latency added to every call (e.g. 20 ms for the benchmark).</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>The next <paramref name="times"/> calls (token calls excluded) get <paramref name="fault"/>.</summary>
    public ErpFaultPlan Next(ErpFault fault, int times = 1)
    {
        lock (_lock)
        {
            for (var i = 0; i < times; i++)
            {
                _scripted.Enqueue(fault);
            }
        }

        return this;
    }

    /// <summary>
    /// After the scripted faults: <paramref name="transient"/> of calls fail with 429, 503 or a timeout, <paramref name="lostAnswers"/>
    /// of writes lose their answer after writing, <paramref name="spikes"/> of calls are slow; seeded, so a run can be repeated.
    /// </summary>
    public ErpFaultPlan Random(double transient, double lostAnswers, double spikes, int seed = 1)
    {
        lock (_lock)
        {
            (_transientRate, _lostAnswerRate, _spikeRate, _random) = (transient, lostAnswers, spikes, new Random(seed));
        }

        return this;
    }

    /// <summary>Stops every fault, scripted or random.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _scripted.Clear();
            (_transientRate, _lostAnswerRate, _spikeRate) = (0, 0, 0);
        }
    }

    /// <summary>The fault for the next call; <paramref name="write"/> is true for a call that creates or changes something.</summary>
    public ErpFault Take(bool write)
    {
        lock (_lock)
        {
            if (_scripted.TryDequeue(out var scripted))
            {
                return scripted;
            }

            var roll = _random.NextDouble();
            if (roll < _transientRate)
            {
                return (int)(roll / _transientRate * 3) switch
                {
                    0 => ErpFault.TooManyRequests,
                    1 => ErpFault.ServiceUnavailable,
                    _ => ErpFault.Timeout,
                };
            }

            roll = _random.NextDouble();
            if (write && roll < _lostAnswerRate)
            {
                return ErpFault.LoseAnswerAfterWrite;
            }

            return _random.NextDouble() < _spikeRate ? ErpFault.LatencySpike : ErpFault.None;
        }
    }
}
