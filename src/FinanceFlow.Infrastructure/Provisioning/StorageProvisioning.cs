using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace FinanceFlow.Infrastructure.Provisioning;

/// <summary>Creates tables and blob containers on first use, once per process per resource.</summary>
internal static class StorageProvisioning
{
    private static readonly ConcurrentDictionary<string, Lazy<Task>> Created = new(StringComparer.Ordinal);

    public static async Task<TableClient> GetTableAsync(TableServiceClient service, string name, CancellationToken cancellationToken)
    {
        var table = service.GetTableClient(name);
        await EnsureAsync("table|" + table.Uri, () => table.CreateIfNotExistsAsync(CancellationToken.None), cancellationToken);
        return table;
    }

    public static async Task<BlobContainerClient> GetContainerAsync(BlobServiceClient service, string name, CancellationToken cancellationToken)
    {
        var container = service.GetBlobContainerClient(name);
        await EnsureAsync("blob|" + container.Uri, () => container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None), cancellationToken);
        return container;
    }

    private static async Task EnsureAsync(string key, Func<Task> create, CancellationToken cancellationToken)
    {
        // The shared creation ignores any one caller's token, so a cancelled caller cannot poison it for the others.
        var lazy = Created.GetOrAdd(key, _ => new Lazy<Task>(create, LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            // A failed creation (storage down at start-up) is tried again by the next caller.
            Created.TryRemove(new KeyValuePair<string, Lazy<Task>>(key, lazy));
            throw;
        }
    }
}
