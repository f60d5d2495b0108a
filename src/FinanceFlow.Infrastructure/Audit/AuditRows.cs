using System.Globalization;
using Azure.Data.Tables;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Infrastructure.Audit;

/// <summary>The end of a partition's chain: the newest row's sequence number and hash.</summary>
internal sealed record ChainTip(long Sequence, string Hash)
{
    /// <summary>A partition with no chained row yet.</summary>
    public static ChainTip Start { get; } = new(0, AuditChain.Genesis);
}

/// <summary>How audit rows sit in Table storage: chain keys, the entity of a record, and a stored entity read back.</summary>
internal static class AuditRows
{
    /// <summary>Chain keys start with it; rows written before the chain have keys of digits, which sort before.</summary>
    public const string ChainKeyPrefix = "c";

    /// <summary>The first key after every chain key.</summary>
    public const string ChainKeyEnd = "d";

    // Keys hold MaxSequence − sequence, so the newest row of a partition is the first a query returns.
    private const long MaxSequence = 999_999_999_999;

    public static string RowKeyOf(long sequence) =>
        ChainKeyPrefix + (MaxSequence - sequence).ToString("D12", CultureInfo.InvariantCulture);

    /// <summary>The sequence number a chain key holds; null for any other key.</summary>
    public static long? SequenceOf(string rowKey) =>
        rowKey.Length == 13 && rowKey.StartsWith(ChainKeyPrefix, StringComparison.Ordinal)
        && long.TryParse(rowKey.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var inverted) && inverted < MaxSequence
            ? MaxSequence - inverted
            : null;

    /// <summary>The entities of <paramref name="records"/> linked after <paramref name="tip"/>, and the chain's end once they are added.</summary>
    public static (IReadOnlyList<TableEntity> Entities, ChainTip End) Link(string partition, ChainTip tip, IReadOnlyList<AuditRecord> records)
    {
        var entities = new List<TableEntity>(records.Count);
        var end = tip;
        foreach (var record in records)
        {
            var sequence = end.Sequence + 1;
            var hash = AuditChain.Hash(partition, sequence, end.Hash, ContentOf(record));
            entities.Add(new TableEntity(partition, RowKeyOf(sequence))
            {
                ["At"] = record.At.ToUniversalTime(),
                ["Step"] = record.Step,
                ["Outcome"] = record.Outcome,
                ["Actor"] = record.Actor,
                ["CorrelationId"] = record.CorrelationId,
                ["InputSha256"] = record.InputSha256,
                ["Detail"] = record.Detail,
                ["Version"] = record.Version,
                ["Source"] = record.Report.Source,
                ["ReportId"] = record.Report.ReportId,
                ["Sequence"] = sequence,
                ["PreviousHash"] = end.Hash,
                ["Hash"] = hash,
            });
            end = new ChainTip(sequence, hash);
        }

        return (entities, end);
    }

    public static AuditRecord RecordOf(TableEntity entity, ReportKey? report) =>
        new(
            new ReportKey(Text(entity, "Source") ?? report?.Source ?? string.Empty, Text(entity, "ReportId") ?? report?.ReportId ?? string.Empty),
            Integer(entity, "Version") ?? 0,
            Time(entity, "At") ?? default,
            Text(entity, "Step") ?? string.Empty,
            Text(entity, "Outcome") ?? string.Empty,
            Text(entity, "Actor") ?? string.Empty,
            Text(entity, "CorrelationId") ?? string.Empty,
            Text(entity, "InputSha256") ?? string.Empty,
            Text(entity, "Detail"))
        {
            Sequence = SequenceOf(entity.RowKey),
            Hash = Text(entity, "Hash"),
        };

    public static AuditChainRow ChainRowOf(TableEntity entity) =>
        new(
            entity.RowKey,
            entity.Timestamp ?? default,
            SequenceOf(entity.RowKey),
            entity.TryGetValue("Sequence", out var sequence) && sequence is long number ? number : null,
            Text(entity, "PreviousHash"),
            Text(entity, "Hash"),
            new AuditContent(
                Time(entity, "At"),
                Integer(entity, "Version"),
                Text(entity, "Step"),
                Text(entity, "Outcome"),
                Text(entity, "Actor"),
                Text(entity, "CorrelationId"),
                Text(entity, "InputSha256"),
                Text(entity, "Detail"),
                Text(entity, "Source"),
                Text(entity, "ReportId")));

    private static AuditContent ContentOf(AuditRecord record) =>
        new(record.At, record.Version, record.Step, record.Outcome, record.Actor, record.CorrelationId, record.InputSha256, record.Detail, record.Report.Source, record.Report.ReportId);

    // Read as stored and never thrown on: a property of another type than written reads as missing, so the verifier sees a changed row.
    private static string? Text(TableEntity entity, string name) => entity.TryGetValue(name, out var value) ? value as string : null;

    private static int? Integer(TableEntity entity, string name) => entity.TryGetValue(name, out var value) && value is int number ? number : null;

    private static DateTimeOffset? Time(TableEntity entity, string name) => entity.TryGetValue(name, out var value)
        ? value switch
        {
            DateTimeOffset at => at,
            DateTime at => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
            _ => null,
        }
        : null;
}
