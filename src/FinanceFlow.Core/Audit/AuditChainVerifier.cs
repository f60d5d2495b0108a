using System.Globalization;

namespace FinanceFlow.Core.Audit;

/// <summary>
/// Walks a partition's audit rows in sequence order and reports the first break: a changed row, a missing sequence number, a row
/// in another's place, or a row without a link written after the chain began. Rows written before the chain are counted, not
/// judged. The newest rows removed together leave a shorter, whole chain: only a copy of the last hash kept elsewhere shows that.
/// </summary>
public static class AuditChainVerifier
{
    public static AuditChainVerification Verify(string partition, IReadOnlyCollection<AuditChainRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var chained = rows.Where(r => r.KeySequence is not null).OrderBy(r => r.KeySequence).ToList();
        var unchained = rows.Where(r => r.KeySequence is null).OrderBy(r => r.WrittenAt).ToList();
        DateTimeOffset? since = chained.Count == 0 ? null : chained.Min(r => r.WrittenAt);
        var first = Walk(partition, chained) ?? FirstInserted(unchained, since);
        var last = chained.LastOrDefault();
        return new AuditChainVerification(first is null, chained.Count, unchained.Count, since, last?.KeySequence, last?.Hash, first);
    }

    private static AuditChainBreak? Walk(string partition, List<AuditChainRow> chained)
    {
        var byHash = chained.Where(r => r.Hash is not null).GroupBy(r => r.Hash!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        long expected = 1;
        var previousHash = AuditChain.Genesis;
        AuditChainRow? previous = null;
        foreach (var row in chained)
        {
            var sequence = row.KeySequence!.Value;
            if (sequence > expected)
            {
                var missing = sequence == expected + 1 ? $"row {expected} is" : $"rows {expected} to {sequence - 1} are";
                return new AuditChainBreak(
                    AuditBreakKind.Deleted, expected, row.RowKey, row.PreviousHash, previousHash,
                    $"{missing} missing: row {Describe(row)} follows {(previous is null ? "nothing" : "row " + Describe(previous))}.");
            }

            if (row.Sequence is null || row.PreviousHash is null || row.Hash is null)
            {
                return new AuditChainBreak(AuditBreakKind.Changed, sequence, row.RowKey, row.Hash, null, $"row {Describe(row)} lost its chain fields (Sequence, PreviousHash, Hash).");
            }

            if (row.Sequence != sequence)
            {
                return new AuditChainBreak(
                    AuditBreakKind.Reordered, sequence, row.RowKey, null, null,
                    string.Create(CultureInfo.InvariantCulture, $"the row stored as row {sequence} says it is row {row.Sequence} ({Step(row)})."));
            }

            var recomputed = AuditChain.Hash(partition, sequence, row.PreviousHash, row.Content);
            if (!string.Equals(recomputed, row.Hash, StringComparison.Ordinal))
            {
                return new AuditChainBreak(
                    AuditBreakKind.Changed, sequence, row.RowKey, row.Hash, recomputed,
                    $"row {Describe(row)} was changed after it was written: its content no longer hashes to the hash it recorded.");
            }

            if (!string.Equals(row.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                return LinkBreak(row, previous, previousHash, byHash);
            }

            previousHash = row.Hash;
            previous = row;
            expected = sequence + 1;
        }

        return null;
    }

    // The row is whole, but names another predecessor than the row before it: that row was rewritten with a fresh hash, or the
    // row belongs after another one.
    private static AuditChainBreak LinkBreak(AuditChainRow row, AuditChainRow? previous, string previousHash, Dictionary<string, AuditChainRow> byHash)
    {
        if (byHash.TryGetValue(row.PreviousHash!, out var linked) && linked != previous)
        {
            return new AuditChainBreak(
                AuditBreakKind.Reordered, row.KeySequence, row.RowKey, row.PreviousHash, previousHash,
                $"row {Describe(row)} belongs after row {Describe(linked)}, but follows {(previous is null ? "nothing" : "row " + Describe(previous))}.");
        }

        if (previous is null)
        {
            return new AuditChainBreak(
                AuditBreakKind.Changed, row.KeySequence, row.RowKey, previousHash, row.PreviousHash,
                $"row {Describe(row)} is the first of the chain but links to a row that is not there: it was rewritten.");
        }

        return new AuditChainBreak(
            AuditBreakKind.Changed, previous.KeySequence, previous.RowKey, row.PreviousHash, previous.Hash,
            $"row {Describe(previous)} was rewritten after it was written (its own hash made again): row {row.KeySequence} recorded another hash for it.");
    }

    private static AuditChainBreak? FirstInserted(List<AuditChainRow> unchained, DateTimeOffset? since) =>
        since is { } start && unchained.FirstOrDefault(r => r.WrittenAt > start) is { } row
            ? new AuditChainBreak(
                AuditBreakKind.Inserted, null, row.RowKey, null, null,
                $"row {row.RowKey} ({Step(row)}) has no chain link but was written at {row.WrittenAt.ToString("O", CultureInfo.InvariantCulture)}, after the chain began at {start.ToString("O", CultureInfo.InvariantCulture)}.")
            : null;

    private static string Describe(AuditChainRow row) =>
        string.Create(CultureInfo.InvariantCulture, $"{row.KeySequence} ({Step(row)})");

    private static string Step(AuditChainRow row) =>
        $"{row.Content.Step ?? "no step"} {row.Content.Outcome ?? "no outcome"}{(row.Content.At is { } at ? " at " + at.ToString("O", CultureInfo.InvariantCulture) : string.Empty)}";
}
