using FinanceFlow.Connectors;
using FinanceFlow.Connectors.Concur;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Connectors.Expensify;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Posting;
using FinanceFlow.Infrastructure;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.Intake;
using FinanceFlow.Workflows.Intake.Messaging;
using FinanceFlow.Workflows.MasterData;
using FinanceFlow.Workflows.Operations;
using FinanceFlow.Workflows.Posting;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.Sources;
using FinanceFlow.Workflows.StatusFanOut;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FinanceFlow.Workflows;

/// <summary>Registers the workflow layer and everything below it; both hosts call this once.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddFinanceFlowWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FinanceFlowOptions>()
            .BindConfiguration(FinanceFlowOptions.SectionName)
            .ValidateSettings(FinanceFlowOptions.SectionName);
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<FinanceFlowOptions>>(new StatusFanOutValidation(configuration));
        services.AddOptions<AccountMap>().BindConfiguration(AccountMap.SectionName).ValidateSettings(AccountMap.SectionName);
        services.AddOptions<MasterDataOptions>()
            .BindConfiguration(MasterDataOptions.SectionName)
            .ValidateSettings(MasterDataOptions.SectionName);

        services.TryAddSingleton(TimeProvider.System);
        services.AddFinanceFlowInfrastructure(configuration);
        services.AddFinanceFlowConnectors(configuration);
        services.AddExpensifyConnector(configuration);
        services.AddSingleton<ISourceDocumentAdapter, CanonicalDocumentAdapter>();
        services.AddSingleton<ExpensifyDocumentAdapter>();
        services.AddSingleton<ISourceDocumentAdapter>(sp => sp.GetRequiredService<ExpensifyDocumentAdapter>());
        services.AddScoped<ISourceConfirmation, ExpensifyConfirmation>();
        services.AddScoped<ISourcePayment, ExpensifyPayment>();
        services.AddScoped<ExpensifyPull>();
        services.AddScoped<Schedules.ScheduleActivities>();
        services.AddConcurPosting();
        services.AddSingleton<ConcurDocumentAdapter>();
        services.AddSingleton<ISourceDocumentAdapter>(sp => sp.GetRequiredService<ConcurDocumentAdapter>());

        // Off by default (FinanceFlow:Sources:concur:Fis:Enabled): nothing is required then, and the client refuses to call Concur.
        services.AddConcurFis(configuration);
        services.AddScoped<ISourceConfirmation, ConcurConfirmation>();
        services.AddScoped<ISourcePayment, ConcurPayment>();
        services.AddScoped<CallbackPayment>();

        services.AddHttpClient<ReceiptDownloader>(client => client.Timeout = TimeSpan.FromSeconds(60))
            .AddStandardResilienceHandler();

        services.AddSingleton<StepAudit>();
        services.AddSingleton<IntakeAudit>();
        services.AddScoped<IdempotentErpPoster>();
        services.AddScoped<ReportActivities>();
        services.AddScoped<EnrichmentActivities>();
        services.AddScoped<AttachmentActivities>();
        services.AddScoped<JournalActivities>();
        services.AddScoped<ErpActivities>();
        services.AddScoped<StatusActivities>();
        services.AddScoped<StatusPublishing>();
        services.AddScoped<StatusFanOutActivities>();
        services.AddScoped<CardBatchActivities>();
        services.AddScoped<CardMatchActivities>();
        services.AddScoped<CardBatchAdmission>();
        services.AddScoped<CardBatchQuery>();

        services.AddScoped<ReportAdmission>();
        services.AddScoped<ConcurEventIntake>();
        services.AddScoped<WebhookIntake>();
        services.AddFinanceFlowIntakeHandler();
        services.AddScoped<ReportQuery>();
        services.AddScoped<ReportRetry>();
        services.AddScoped<ReportPayments>();
        services.AddScoped<StatusRepublish>();
        services.AddScoped<Preview>();

        // One cache per process: the enrichment activity and the handlers that invalidate it share it.
        services.AddSingleton<CachedMasterDataSource>();
        services.AddSingleton<IMasterDataSource>(sp => sp.GetRequiredService<CachedMasterDataSource>());
        services.AddScoped<MasterDataWriter>();
        services.AddScoped<MasterDataRecords>();
        services.AddScoped<MasterDataSync>();
        services.AddScoped<MappingRules>();

        services.AddOptions<Reconciliation.ReconciliationOptions>()
            .BindConfiguration(Reconciliation.ReconciliationOptions.SectionName)
            .ValidateSettings(Reconciliation.ReconciliationOptions.SectionName);
        services.AddScoped<Reconciliation.LedgerReconciliationRunner>();
        services.AddScoped<Operations.OpenWork>();
        services.AddScoped<Operations.ExceptionQueue>();
        return services;
    }
}
