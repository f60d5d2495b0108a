using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Provisioning;

namespace FinanceFlow.Infrastructure.Audit;

/// <summary>
/// Audit rows in Table <c>AuditTrail</c>, each report's partition a hash chain (<see cref="AuditChain"/>). A row's key holds its
/// sequence number, and rows are only ever added: a second writer of the same number fails (409), rereads the chain's end and
/// links again. Adding and reading is all it needs, so the app's identity can hold a role that cannot change or delete a row
/// (docs/azure.md).
/// </summary>
public sealed class TableAuditTrail(TableServiceClient tables) : IAuditTrail
{
    public const string TableName = "AuditTrail";

    /// <summary>The most rows one append takes: the operations of one entity group transaction.</summary>
    public const int MaxRowsPerAppend = 100;

    // Twenty writers on one report each lose at most nineteen times; a bound keeps a broken store from looping.
    private const int MaxAttempts = 64;
    private const int MaxRememberedTips = 10_000;

    // The end of each chain this process last wrote: with it an append is one request; a stale one costs a conflict and a read.
    private readonly ConcurrentDictionary<string, ChainTip> _tips = new(StringComparer.Ordinal);

    public Task AppendAsync(AuditRecord record, CancellationToken cancellationToken) => AppendAsync([record], cancellationToken);

    public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfZero(records.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(records.Count, MaxRowsPerAppend);
        var partition = records[0].Report.PartitionKey;
        if (records.Any(r => r.Report.PartitionKey != partition))
        {
            throw new ArgumentException("One append takes the rows of one report.", nameof(records));
        }

        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        // A chain this process has not written is most often a new one (a report's first rows): start it without reading; a chain
        // that already has rows answers 409, and its end is read then.
        var guessed = !_tips.TryGetValue(partition, out var known);
        var tip = guessed ? ChainTip.Start : known!;
        for (var attempt = 1; ; attempt++)
        {
            var (entities, end) = AuditRows.Link(partition, tip, records);
            try
            {
                await AddAsync(table, entities, cancellationToken);
                Remember(partition, end);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 409 && guessed)
            {
                // The chain had rows: link to its end. That end is our own rows when the client sent them again after an answer
                // that never came.
                guessed = false;
                tip = await ReadTipAsync(table, partition, cancellationToken);
                if (tip == end)
                {
                    Remember(partition, end);
                    return;
                }
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Our own rows, when the client sent them again after an answer that never came; else another writer's.
                if (await IsWrittenAsync(table, partition, end, cancellationToken))
                {
                    Remember(partition, end);
                    return;
                }

                if (attempt == MaxAttempts)
                {
                    throw new InvalidOperationException($"The audit chain of {partition} stayed contended: {MaxAttempts} appends in a row lost to other writers.", ex);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1 + (5 * Math.Min(attempt, 20)))), cancellationToken);
                tip = await ReadTipAsync(table, partition, cancellationToken);
            }
        }
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAsync(ReportKey report, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {report.PartitionKey}"), report, cancellationToken);

    public async Task<IReadOnlyList<AuditChainRow>> ReadChainAsync(ReportKey report, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var rows = new List<AuditChainRow>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {report.PartitionKey}"), cancellationToken: cancellationToken))
        {
            rows.Add(AuditRows.ChainRowOf(entity));
        }

        return rows;
    }

    public Task<IReadOnlyList<AuditRecord>> FindAsync(string step, string outcome, DateTimeOffset since, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"Step eq {step} and Outcome eq {outcome} and At ge {since.ToUniversalTime()}"), null, cancellationToken);

    private static async Task AddAsync(TableClient table, IReadOnlyList<TableEntity> entities, CancellationToken cancellationToken)
    {
        if (entities.Count == 1)
        {
            await table.AddEntityAsync(entities[0], cancellationToken);
            return;
        }

        await table.SubmitTransactionAsync(entities.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), cancellationToken);
    }

    private static async Task<ChainTip> ReadTipAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {AuditRows.ChainKeyPrefix} and RowKey lt {AuditRows.ChainKeyEnd}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey", "Hash"], cancellationToken: cancellationToken))
        {
            return new ChainTip(AuditRows.SequenceOf(entity.RowKey) ?? 0, entity.GetString("Hash") ?? string.Empty);
        }

        return ChainTip.Start;
    }

    private static async Task<bool> IsWrittenAsync(TableClient table, string partition, ChainTip end, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, AuditRows.RowKeyOf(end.Sequence), ["Hash"], cancellationToken);
        return row.HasValue && row.Value!.GetString("Hash") == end.Hash;
    }

    private void Remember(string partition, ChainTip end)
    {
        if (_tips.Count >= MaxRememberedTips)
        {
            _tips.Clear();
        }

        _tips.AddOrUpdate(partition, end, (_, known) => known.Sequence >= end.Sequence ? known : end);
    }

    private async Task<IReadOnlyList<AuditRecord>> QueryAsync(string filter, ReportKey? report, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var rows = new List<AuditRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(AuditRows.RecordOf(entity, report));
        }

        // Chain keys put a partition's newest row first; the time decides, and the chain within one instant.
        return [.. rows.OrderBy(r => r.At).ThenBy(r => r.Sequence)];
    }
}
