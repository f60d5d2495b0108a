using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Posting;
using FinanceFlow.Workflows.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>Registers what the report pipeline's activities need beyond the catalog: the account map, step audit and the receipt downloader.</summary>
public static class ReportPipelineServiceCollectionExtensions
{
    public static IServiceCollection AddReportPipeline(this IServiceCollection services)
    {
        services.AddOptions<AccountMap>().BindConfiguration(AccountMap.SectionName).ValidateSettings(AccountMap.SectionName);
        services.AddSingleton<StepAudit>();

        // The one retry layer for a receipt GET (idempotent): the handler retries transient answers, and the activity turns a
        // final failure into a finding (receipt-unavailable), so the activity's Durable retry never re-runs it for the same fault.
        services.AddHttpClient<ReceiptDownloader>(client => client.Timeout = TimeSpan.FromSeconds(60))
            .AddStandardResilienceHandler();
        return services;
    }
}
