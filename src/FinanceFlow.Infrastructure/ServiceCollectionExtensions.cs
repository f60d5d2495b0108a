using Azure.Data.Tables;
using Azure.Identity;
using FinanceFlow.Core.Messaging;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Cards;
using FinanceFlow.Infrastructure.Mappings;
using FinanceFlow.Infrastructure.MasterData;
using FinanceFlow.Infrastructure.Payments;
using FinanceFlow.Infrastructure.Postings;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.StatusFanOut;
using FinanceFlow.Infrastructure.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FinanceFlow.Infrastructure;

/// <summary>Registers the Azure Storage clients and the stores built on them.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>The Azure Functions storage setting: a connection string, or <c>__blobServiceUri</c>/<c>__tableServiceUri</c>/<c>__queueServiceUri</c> for identity-based access.</summary>
    public const string StorageSettingName = "AzureWebJobsStorage";

    /// <summary>The Service Bus connection setting, as the Functions extension names it: <c>ServiceBus__fullyQualifiedNamespace</c> (identity) or <c>ServiceBus__connectionString</c>.</summary>
    public const string ServiceBusSettingName = "ServiceBus";

    /// <summary>The name of the Table service client of a separate audit account (setting <c>AuditStorage</c>).</summary>
    public const string AuditClientName = "Audit";

    /// <summary>Adds Blob, Table and Queue service clients from <c>AzureWebJobsStorage</c> (the audit table's from <c>AuditStorage</c> when set) and the raw payload, attachment, audit, status, posting, master-data, mapping, sync-run and card stores, and the Service Bus topic and Storage queue status publishers.</summary>
    public static IServiceCollection AddFinanceFlowInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = StorageEndpoints.From(configuration.GetSection(StorageSettingName));
        var serviceBus = configuration.GetSection(ServiceBusSettingName);
        var audit = AuditStorage.From(configuration);

        services.AddAzureClients(clients =>
        {
            // Registered only where configured: the intake processor, when enabled, says which setting is missing.
            if (serviceBus["connectionString"] is { Length: > 0 } serviceBusConnection)
            {
                clients.AddServiceBusClient(serviceBusConnection);
            }
            else if (serviceBus["fullyQualifiedNamespace"] is { Length: > 0 } serviceBusNamespace)
            {
                clients.AddServiceBusClientWithNamespace(serviceBusNamespace);
            }

            if (audit?.ConnectionString is { } auditConnection)
            {
                clients.AddTableServiceClient(auditConnection).WithName(AuditClientName);
            }
            else if (audit?.TableServiceUri is { } auditUri)
            {
                clients.AddTableServiceClient(auditUri).WithName(AuditClientName)
                    .WithCredential(new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = audit.ClientId }));
            }

            if (storage.ConnectionString is { } connectionString)
            {
                clients.AddBlobServiceClient(connectionString);
                clients.AddTableServiceClient(connectionString);
                clients.AddQueueServiceClient(connectionString);
                return;
            }

            clients.AddBlobServiceClient(storage.BlobServiceUri!);
            clients.AddTableServiceClient(storage.TableServiceUri!);
            clients.AddQueueServiceClient(storage.QueueServiceUri!);
            clients.UseCredential(new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = storage.ClientId }));
        });

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IRawPayloadStore, BlobRawPayloadStore>();
        services.AddSingleton<IAttachmentStore, BlobAttachmentStore>();
        services.AddSingleton<AttachmentLinks>();
        services.AddSingleton<IAuditTrail>(provider => new TableAuditTrail(audit is null
            ? provider.GetRequiredService<TableServiceClient>()
            : provider.GetRequiredService<IAzureClientFactory<TableServiceClient>>().CreateClient(AuditClientName)));
        services.AddSingleton<IReportStatusStore, TableReportStatusStore>();
        services.AddSingleton<IPostingStore, TablePostingStore>();
        services.AddSingleton<IPaymentStore, TablePaymentStore>();
        services.AddSingleton<Reconciliation.ReconciliationStore>();
        services.AddSingleton<IMasterDataStore, TableMasterDataStore>();
        services.AddSingleton<IMappingStore, TableMappingStore>();
        services.AddSingleton<ISyncRunStore, TableSyncRunStore>();
        services.AddSingleton<IStatusPublisher, ServiceBusTopicStatusPublisher>();
        services.AddSingleton<IStatusPublisher, StorageQueueStatusPublisher>();
        services.AddSingleton<ICardTransactionStore, TableCardTransactionStore>();
        services.AddSingleton<ICardBatchStore, TableCardBatchStore>();
        return services;
    }
}
