using System.Text.Json;
using Azure.Data.Tables;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Serialization;
using FinanceFlow.Infrastructure.Provisioning;

namespace FinanceFlow.Infrastructure.MasterData;

/// <summary>
/// Master data in Table <c>MasterData</c>: PartitionKey the kind's route name, RowKey the escaped record key, the record as
/// JSON of its concrete type in <c>Json</c>, and Active/SourceSystem/LastSyncedAt as columns for people reading the table.
/// </summary>
public sealed class TableMasterDataStore(TableServiceClient tables) : IMasterDataStore
{
    public const string TableName = "MasterData";
    internal const int MaxBatch = 100;

    public async Task<IReadOnlyList<MasterRecord>> LoadAsync(MasterDataKind kind, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {MasterDataKinds.NameOf(kind)}");
        var records = new List<MasterRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["Json"], cancellationToken: cancellationToken))
        {
            records.Add(ToRecord(kind, row));
        }

        return records;
    }

    public async Task<MasterDataSet> LoadAllAsync(CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var byKind = new Dictionary<MasterDataKind, List<MasterRecord>>();
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "Json"], cancellationToken: cancellationToken))
        {
            if (MasterDataKinds.TryParse(row.PartitionKey, out var kind))
            {
                (byKind.TryGetValue(kind, out var list) ? list : byKind[kind] = []).Add(ToRecord(kind, row));
            }
        }

        var set = new MasterDataSet();
        foreach (var (kind, records) in byKind)
        {
            set = set.With(kind, records);
        }

        return set;
    }

    public async Task UpsertAsync(MasterDataKind kind, IReadOnlyList<MasterRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }

        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var partition = MasterDataKinds.NameOf(kind);

        // A transaction may not touch one row twice: the last record of a key wins, as in the snapshot.
        var rows = records
            .Select(r => ToEntity(partition, r))
            .GroupBy(e => e.RowKey, StringComparer.Ordinal)
            .Select(g => g.Last())
            .ToList();
        foreach (var chunk in rows.Chunk(MaxBatch))
        {
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
        }
    }

    private static TableEntity ToEntity(string partition, MasterRecord record) => new(partition, TableKeys.Escape(record.Key))
    {
        ["Json"] = JsonSerializer.Serialize(record, record.GetType(), FinanceFlowJson.Options),
        ["Active"] = record.Active,
        ["SourceSystem"] = record.SourceSystem,
        // Table storage dates start in 1601: a record never synced has no column.
        ["LastSyncedAt"] = record.LastSyncedAt == default ? null : record.LastSyncedAt.ToUniversalTime(),
    };

    private static MasterRecord ToRecord(MasterDataKind kind, TableEntity row) =>
        (MasterRecord?)JsonSerializer.Deserialize(row.GetString("Json") ?? "null", MasterDataRecordTypes.Of(kind), FinanceFlowJson.Options)
        ?? throw new InvalidOperationException($"Row {row.PartitionKey}/{row.RowKey} of table {TableName} has no record JSON.");
}
