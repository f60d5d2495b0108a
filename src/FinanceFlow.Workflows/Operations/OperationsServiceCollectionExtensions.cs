using FinanceFlow.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Workflows.Operations;

/// <summary>Registers finance ops' use cases: a report's view, retry, payment and re-sent events, previews, the exception queue and the metrics.</summary>
public static class OperationsServiceCollectionExtensions
{
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddScoped<ReportQuery>();
        services.AddScoped<ReportStory>();
        services.AddScoped<ReportRetry>();
        services.AddScoped<ReportResolution>();
        services.AddScoped<ReportResubmit>();
        services.AddScoped<ReportPayments>();
        services.AddScoped<StatusRepublish>();
        services.AddScoped<PostingPreview>();
        services.AddScoped<OpenWork>();
        services.AddScoped<ExceptionQueue>();
        services.AddScoped<Metrics.FinanceMetricsQuery>();
        services.AddScoped<StuckRunWatchdog>();
        services.AddScoped<CashAdvances.CashAdvanceIssuance>();
        services.AddOptions<WatchdogOptions>()
            .BindConfiguration(WatchdogOptions.SectionName)
            .ValidateSettings(WatchdogOptions.SectionName);
        return services;
    }
}
