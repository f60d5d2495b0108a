using Microsoft.Extensions.Configuration;

namespace FinanceFlow.Infrastructure;

/// <summary>Reads the <c>AzureWebJobsStorage</c> setting the way Azure Functions does: a connection string, or per-service URIs for a managed identity.</summary>
internal sealed record StorageEndpoints(string? ConnectionString, Uri? BlobServiceUri, Uri? TableServiceUri, Uri? QueueServiceUri, string? ClientId)
{
    public static StorageEndpoints From(IConfigurationSection section)
    {
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new StorageEndpoints(section.Value, null, null, null, null);
        }

        // AzureWebJobsStorage__accountName is the short form of the three URIs in the Functions convention.
        var account = section["accountName"];
        var blob = ServiceUri(section, "blobServiceUri", account, "blob");
        var table = ServiceUri(section, "tableServiceUri", account, "table");
        var queue = ServiceUri(section, "queueServiceUri", account, "queue");
        if (blob is null || table is null || queue is null)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set '{ServiceCollectionExtensions.StorageSettingName}' to a connection string "
                + "(UseDevelopmentStorage=true locally), or set 'AzureWebJobsStorage__blobServiceUri', 'AzureWebJobsStorage__tableServiceUri' "
                + "and 'AzureWebJobsStorage__queueServiceUri' (or 'AzureWebJobsStorage__accountName') for identity-based access.");
        }

        var clientId = section["clientId"];
        return new StorageEndpoints(null, blob, table, queue, string.IsNullOrWhiteSpace(clientId) ? null : clientId);
    }

    private static Uri? ServiceUri(IConfigurationSection section, string key, string? account, string service)
    {
        var value = section[key];
        if (!string.IsNullOrWhiteSpace(value))
        {
            return Uri.TryCreate(value, UriKind.Absolute, out var uri)
                ? uri
                : throw new InvalidOperationException($"'{ServiceCollectionExtensions.StorageSettingName}:{key}' is not an absolute URI: '{value}'.");
        }

        return string.IsNullOrWhiteSpace(account) ? null : new Uri($"https://{account}.{service}.core.windows.net");
    }
}
