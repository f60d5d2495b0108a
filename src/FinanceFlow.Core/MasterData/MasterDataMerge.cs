using System.Text.Json;
using FinanceFlow.Core.Serialization;

namespace FinanceFlow.Core.MasterData;

/// <summary>How an import treats the records of its source system that the body does not list.</summary>
public enum SyncMode
{
    /// <summary>The body is the full list: active records of the same kind and source system it misses are deactivated.</summary>
    Replace,

    /// <summary>The body only adds and changes records; nothing is deactivated.</summary>
    Merge,
}

/// <summary>What one sync or import of a kind did.</summary>
public sealed record SyncSummary(MasterDataKind Kind, string SourceSystem, int Added, int Changed, int Unchanged, int Deactivated, DateTimeOffset At);

/// <summary>The records a sync writes (with <see cref="MasterRecord.LastSyncedAt"/> set) and what it did.</summary>
public sealed record MergeResult(IReadOnlyList<MasterRecord> ToWrite, SyncSummary Summary);

/// <summary>Merges incoming records of one kind from one source system into the existing ones.</summary>
public static class MasterDataMerge
{
    /// <summary>FX rates are published day by day, so an import adds to them; every other kind is a full list by default.</summary>
    public static SyncMode DefaultMode(MasterDataKind kind) => kind == MasterDataKind.FxRates ? SyncMode.Merge : SyncMode.Replace;

    /// <summary>
    /// Added, changed (differs in anything but <see cref="MasterRecord.LastSyncedAt"/>), unchanged, and, in
    /// <see cref="SyncMode.Replace"/>, deactivated records. Every incoming record is written with the source system and
    /// <paramref name="now"/>, unchanged ones too, so <c>lastSyncedAt</c> tells when the source last confirmed a record.
    /// </summary>
    public static MergeResult Apply(
        MasterDataKind kind, IEnumerable<MasterRecord> existing, IEnumerable<MasterRecord> incoming, string sourceSystem, SyncMode mode, DateTimeOffset now)
    {
        var current = new Dictionary<string, MasterRecord>(StringComparer.OrdinalIgnoreCase);
        foreach (var record in existing)
        {
            current[record.Key] = record;
        }

        var toWrite = new List<MasterRecord>();
        var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int added = 0, changed = 0, unchanged = 0, deactivated = 0;
        foreach (var record in incoming)
        {
            var next = record with { SourceSystem = sourceSystem, LastSyncedAt = now };
            if (!listed.Add(next.Key))
            {
                continue;
            }

            if (!current.TryGetValue(next.Key, out var before))
            {
                added++;
            }
            else if (Comparable(before) == Comparable(next))
            {
                unchanged++;
            }
            else
            {
                changed++;
            }

            toWrite.Add(next);
        }

        if (mode == SyncMode.Replace)
        {
            foreach (var record in current.Values)
            {
                if (record.Active && !listed.Contains(record.Key) && string.Equals(record.SourceSystem, sourceSystem, StringComparison.OrdinalIgnoreCase))
                {
                    toWrite.Add(record with { Active = false, LastSyncedAt = now });
                    deactivated++;
                }
            }
        }

        return new MergeResult(toWrite, new SyncSummary(kind, sourceSystem, added, changed, unchanged, deactivated, now));
    }

    // Records hold lists, which record equality compares by reference: compare their JSON instead.
    private static string Comparable(MasterRecord record) =>
        JsonSerializer.Serialize(record with { LastSyncedAt = default }, record.GetType(), FinanceFlowJson.Options);
}
