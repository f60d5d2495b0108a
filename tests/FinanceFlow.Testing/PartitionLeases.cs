using Azure.Data.Tables;

namespace FinanceFlow.Testing;

/// <summary>
/// Who holds a task hub's control-queue partitions, read as an operator would from storage: DTFx's Azure Storage backend (its
/// table partition manager, the default) keeps one row per partition in the table <c>{hub}Partitions</c>, naming the worker
/// that holds it (<c>CurrentOwner</c>) and until when (<c>ExpiresAt</c>, pushed on by every renewal).
/// </summary>
public static class PartitionLeases
{
    /// <summary>Partition (e.g. <c>hub-control-02</c>) to the worker id holding it; a partition nobody holds now maps to null.</summary>
    public static async Task<IReadOnlyDictionary<string, string?>> OwnersAsync(string connectionString, string taskHub, CancellationToken cancellationToken = default)
    {
        var table = new TableServiceClient(connectionString).GetTableClient(taskHub + "Partitions");
        var owners = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        var now = DateTimeOffset.UtcNow;
        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            var held = row.GetDateTimeOffset("ExpiresAt") is { } expiresAt && expiresAt > now;
            owners[row.RowKey] = held ? row.GetString("CurrentOwner") : null;
        }

        return owners;
    }
}
