using Azure.Identity;
using DurableTask.AzureStorage;

namespace FinanceFlow.SelfHost.Engine;

/// <summary>Reads the Functions-style <c>AzureWebJobsStorage</c> setting: a connection string, or identity-based account name / service URIs.</summary>
public static class StorageAccountClientProviderFactory
{
    public const string SettingName = "AzureWebJobsStorage";

    public static StorageAccountClientProvider Create(IConfiguration configuration)
    {
        var connectionString = configuration[SettingName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new StorageAccountClientProvider(connectionString);
        }

        var section = configuration.GetSection(SettingName);
        var credential = CreateCredential(section);
        var accountName = section["accountName"];
        if (!string.IsNullOrWhiteSpace(accountName))
        {
            return new StorageAccountClientProvider(accountName, credential);
        }

        var blob = section["blobServiceUri"];
        var queue = section["queueServiceUri"];
        var table = section["tableServiceUri"];
        if (!string.IsNullOrWhiteSpace(blob) && !string.IsNullOrWhiteSpace(queue) && !string.IsNullOrWhiteSpace(table))
        {
            return new StorageAccountClientProvider(new Uri(blob), new Uri(queue), new Uri(table), credential);
        }

        throw new InvalidOperationException(
            $"Storage for the Durable task hub is not configured: set '{SettingName}' to a connection string " +
            $"(UseDevelopmentStorage=true for Azurite), or '{SettingName}:accountName', or all of " +
            $"'{SettingName}:blobServiceUri', '{SettingName}:queueServiceUri' and '{SettingName}:tableServiceUri'.");
    }

    private static DefaultAzureCredential CreateCredential(IConfigurationSection section)
    {
        // Same convention as the Functions host: a user-assigned identity is chosen by clientId.
        var clientId = section["clientId"];
        return string.IsNullOrWhiteSpace(clientId)
            ? new DefaultAzureCredential()
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }
}
