using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Postings;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Integration.Tests.Storage;

[Trait("Category", "Integration")]
public sealed class InfrastructureRegistrationTests(AzuriteProcess azurite) : IClassFixture<AzuriteProcess>
{
    [Fact]
    public async Task AddFinanceFlowInfrastructure_ConnectionString_StoresWorkAgainstThatAccount()
    {
        // Arrange
        using var provider = Build(new() { ["AzureWebJobsStorage"] = azurite.ConnectionString });
        var audit = provider.GetRequiredService<IAuditTrail>();
        var report = new ReportKey("concur", "DI-" + Guid.NewGuid().ToString("N")[..8]);

        // Act
        await audit.AppendAsync(new AuditRecord(report, 1, DateTimeOffset.UtcNow, "Received", "Succeeded", "system", "c", "00"), CancellationToken.None);
        var rows = await new TableAuditTrail(new TableServiceClient(azurite.ConnectionString)).ReadAsync(report, CancellationToken.None);

        // Assert
        Assert.Single(rows);
        Assert.Same(audit, provider.GetRequiredService<IAuditTrail>());
        Assert.NotNull(provider.GetRequiredService<IRawPayloadStore>());
        Assert.NotNull(provider.GetRequiredService<IAttachmentStore>());
        Assert.NotNull(provider.GetRequiredService<IReportStatusStore>());
        Assert.NotNull(provider.GetRequiredService<IPostingStore>());
        Assert.NotNull(provider.GetRequiredService<FinanceFlow.Infrastructure.MasterData.IMasterDataStore>());
        Assert.NotNull(provider.GetRequiredService<FinanceFlow.Infrastructure.Mappings.IMappingStore>());
        Assert.NotNull(provider.GetRequiredService<FinanceFlow.Infrastructure.MasterData.ISyncRunStore>());
        Assert.NotNull(provider.GetRequiredService<QueueServiceClient>());
    }

    [Fact]
    public async Task AddFinanceFlowInfrastructure_AuditStorageSet_AuditRowsGoToThatAccount()
    {
        // Arrange: the main account is one nobody can reach; only the audit account is there.
        using var provider = Build(new()
        {
            ["AzureWebJobsStorage:accountName"] = "unreachable",
            ["AuditStorage"] = azurite.ConnectionString,
        });
        var report = new ReportKey("concur", "AS-" + Guid.NewGuid().ToString("N")[..8]);

        // Act
        await provider.GetRequiredService<IAuditTrail>().AppendAsync(new AuditRecord(report, 1, DateTimeOffset.UtcNow, "Received", "Accepted", "system", "c", "00"), CancellationToken.None);
        var rows = await new TableAuditTrail(new TableServiceClient(azurite.ConnectionString)).ReadAsync(report, CancellationToken.None);

        // Assert
        Assert.Equal(1, Assert.Single(rows).Sequence);
        Assert.Equal("unreachable.table.core.windows.net", provider.GetRequiredService<TableServiceClient>().Uri.Host);
    }

    [Fact]
    public void AddFinanceFlowInfrastructure_IdentityUris_ClientsUseThoseEndpoints()
    {
        // Arrange
        using var provider = Build(new()
        {
            ["AzureWebJobsStorage:blobServiceUri"] = "https://acct.blob.core.windows.net",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://acct.table.core.windows.net",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://acct.queue.core.windows.net",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        // Act
        var blobs = provider.GetRequiredService<BlobServiceClient>();
        var tables = provider.GetRequiredService<TableServiceClient>();
        var queues = provider.GetRequiredService<QueueServiceClient>();

        // Assert
        Assert.Equal("acct.blob.core.windows.net", blobs.Uri.Host);
        Assert.Equal("acct.table.core.windows.net", tables.Uri.Host);
        Assert.Equal("acct.queue.core.windows.net", queues.Uri.Host);
    }

    [Fact]
    public void AddFinanceFlowInfrastructure_NoStorageSetting_FailsNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build([]));

        Assert.Contains("AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFinanceFlowInfrastructure(configuration);
        return services.BuildServiceProvider();
    }
}
