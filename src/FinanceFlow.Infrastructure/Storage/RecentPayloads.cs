using System.Collections.Concurrent;

namespace FinanceFlow.Infrastructure.Storage;

/// <summary>
/// The payloads this process stored last, by blob name, bounded in count and bytes (the oldest go first). A raw payload is written
/// once and never changed, so the run that starts right after the intake reads it from here instead of from the blob it was just
/// written to; another process, or one restarted, reads the blob.
/// </summary>
internal sealed class RecentPayloads(int maxEntries = 4_096, long maxBytes = 32L * 1024 * 1024, int maxEntryBytes = 256 * 1024)
{
    private readonly ConcurrentDictionary<string, BinaryData> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private long _bytes;

    public void Remember(string blobName, BinaryData body)
    {
        var length = body.ToMemory().Length;
        // A copy: the caller's buffer is its own to reuse.
        if (length > maxEntryBytes || !_byName.TryAdd(blobName, BinaryData.FromBytes(body.ToArray())))
        {
            return;
        }

        _order.Enqueue(blobName);
        Interlocked.Add(ref _bytes, length);
        while ((_byName.Count > maxEntries || Interlocked.Read(ref _bytes) > maxBytes) && _order.TryDequeue(out var oldest))
        {
            if (_byName.TryRemove(oldest, out var dropped))
            {
                Interlocked.Add(ref _bytes, -dropped.ToMemory().Length);
            }
        }
    }

    public BinaryData? Find(string blobName) => _byName.TryGetValue(blobName, out var body) ? body : null;
}
