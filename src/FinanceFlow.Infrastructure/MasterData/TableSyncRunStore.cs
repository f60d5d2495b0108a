using System.Globalization;
using Azure.Data.Tables;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Infrastructure.Provisioning;

namespace FinanceFlow.Infrastructure.MasterData;

/// <summary>Sync summaries in Table <c>SyncRuns</c>, one partition per kind; RowKeys count down in time so a partition reads newest first.</summary>
public sealed class TableSyncRunStore(TableServiceClient tables) : ISyncRunStore
{
    public const string TableName = "SyncRuns";

    public async Task AppendAsync(SyncSummary summary, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var rowKey = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - summary.At.UtcTicks:D19}-{Guid.NewGuid():N}");
        await table.AddEntityAsync(
            new TableEntity(MasterDataKinds.NameOf(summary.Kind), rowKey)
            {
                ["SourceSystem"] = summary.SourceSystem,
                ["Added"] = summary.Added,
                ["Changed"] = summary.Changed,
                ["Unchanged"] = summary.Unchanged,
                ["Deactivated"] = summary.Deactivated,
                ["At"] = summary.At.ToUniversalTime(),
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<SyncSummary>> ReadLatestAsync(MasterDataKind kind, int count, CancellationToken cancellationToken)
    {
        var table = await StorageProvisioning.GetTableAsync(tables, TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {MasterDataKinds.NameOf(kind)}");
        var runs = new List<SyncSummary>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(count, 1000), cancellationToken: cancellationToken))
        {
            runs.Add(new SyncSummary(
                kind,
                row.GetString("SourceSystem") ?? "",
                row.GetInt32("Added") ?? 0,
                row.GetInt32("Changed") ?? 0,
                row.GetInt32("Unchanged") ?? 0,
                row.GetInt32("Deactivated") ?? 0,
                row.GetDateTimeOffset("At") ?? default));
            if (runs.Count >= count)
            {
                break;
            }
        }

        return runs;
    }
}
