using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace FinanceFlow.Infrastructure.Provisioning;

/// <summary>Creates tables and blob containers on first use, once per process per resource.</summary>
internal static class StorageProvisioning
{
    private static readonly ConcurrentDictionary<string, bool> Created = new(StringComparer.Ordinal);

    public static async Task<TableClient> GetTableAsync(TableServiceClient service, string name, CancellationToken cancellationToken)
    {
        var table = service.GetTableClient(name);
        await EnsureAsync("table|" + table.Uri, token => table.CreateIfNotExistsAsync(token), cancellationToken);
        return table;
    }

    public static async Task<BlobContainerClient> GetContainerAsync(BlobServiceClient service, string name, CancellationToken cancellationToken)
    {
        var container = service.GetBlobContainerClient(name);
        await EnsureAsync("blob|" + container.Uri, token => container.CreateIfNotExistsAsync(cancellationToken: token), cancellationToken);
        return container;
    }

    private static async Task EnsureAsync(string key, Func<CancellationToken, Task> create, CancellationToken cancellationToken)
    {
        if (Created.ContainsKey(key))
        {
            return;
        }

        // Each caller until one succeeds creates it under its own token (create-if-not-exists may run twice): a caller that gives up
        // (intake's storage timeout during an outage) stops its own attempt, and no caller after storage came back waits on an attempt
        // still backing off from before, nor is handed its stale failure. A failed creation is tried again by the next caller.
        await create(cancellationToken);
        Created.TryAdd(key, true);
    }
}
