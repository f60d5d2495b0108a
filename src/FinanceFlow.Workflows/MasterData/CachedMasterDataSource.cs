using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Infrastructure.Mappings;
using FinanceFlow.Infrastructure.MasterData;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.MasterData;

/// <summary>
/// Serves the snapshots from memory for <see cref="MasterDataOptions.CacheSeconds"/>; one load at a time per snapshot.
/// Other processes see a change once their cache expires; this process sees it at once after <see cref="Invalidate"/>.
/// </summary>
public sealed class CachedMasterDataSource : IMasterDataSource, IDisposable
{
    private readonly SnapshotCache<MasterDataSnapshot> _master;
    private readonly SnapshotCache<MappingSnapshot> _mappings;

    public CachedMasterDataSource(IMasterDataStore masterData, IMappingStore mappings, IOptionsMonitor<MasterDataOptions> options, TimeProvider time)
    {
        TimeSpan Ttl() => TimeSpan.FromSeconds(options.CurrentValue.CacheSeconds);
        _master = new(async ct => new MasterDataSnapshot(await masterData.LoadAllAsync(ct)), Ttl, time);
        _mappings = new(async ct => new MappingSnapshot(await mappings.LoadAllAsync(ct)), Ttl, time);
    }

    public ValueTask<MasterDataSnapshot> GetMasterDataAsync(CancellationToken cancellationToken) => _master.GetAsync(cancellationToken);

    public ValueTask<MappingSnapshot> GetMappingsAsync(CancellationToken cancellationToken) => _mappings.GetAsync(cancellationToken);

    public void Invalidate()
    {
        _master.Invalidate();
        _mappings.Invalidate();
    }

    public void Dispose()
    {
        _master.Dispose();
        _mappings.Dispose();
    }

    private sealed class SnapshotCache<T>(Func<CancellationToken, Task<T>> load, Func<TimeSpan> ttl, TimeProvider time) : IDisposable
        where T : class
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private Entry? _entry;
        private long _generation;

        public async ValueTask<T> GetAsync(CancellationToken cancellationToken)
        {
            if (Fresh() is { } hit)
            {
                return hit;
            }

            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (Fresh() is { } loadedMeanwhile)
                {
                    return loadedMeanwhile;
                }

                // Read the generation before loading: an invalidation during the load makes this result stale at once.
                var generation = Interlocked.Read(ref _generation);
                var value = await load(cancellationToken);
                Volatile.Write(ref _entry, new Entry(value, time.GetUtcNow(), generation));
                return value;
            }
            finally
            {
                _gate.Release();
            }
        }

        public void Invalidate() => Interlocked.Increment(ref _generation);

        public void Dispose() => _gate.Dispose();

        private T? Fresh() =>
            Volatile.Read(ref _entry) is { } entry && entry.Generation == Interlocked.Read(ref _generation) && time.GetUtcNow() - entry.LoadedAt < ttl()
                ? entry.Value
                : null;

        private sealed record Entry(T Value, DateTimeOffset LoadedAt, long Generation);
    }
}
