using FinanceFlow.Core.Attachments;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Core.Posting;
using FinanceFlow.Workflows.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>Registers what the report pipeline's activities need beyond the catalog: the account map, step audit and the receipt downloader.</summary>
public static class ReportPipelineServiceCollectionExtensions
{
    public static IServiceCollection AddReportPipeline(this IServiceCollection services)
    {
        services.AddOptions<AccountMap>().BindConfiguration(AccountMap.SectionName).ValidateSettings(AccountMap.SectionName);
        services.AddSingleton<StepAudit>();

        services.AddOptions<ReceiptFetchSettings>().BindConfiguration(ReceiptFetchSettings.SectionName).ValidateSettings(ReceiptFetchSettings.SectionName);
        services.AddSingleton<IValidateOptions<ReceiptFetchSettings>>(sp => new ReceiptFetchSettingsValidation(sp.GetService<IHostEnvironment>()));

        // The one retry layer for a receipt GET (idempotent): the handler retries transient answers, and the activity turns a
        // final failure into a finding (receipt-unavailable), so the activity's Durable retry never re-runs it for the same fault.
        // A refused address is not transient: it is neither retried nor counted against the circuit.
        services.AddHttpClient<ReceiptDownloader>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => ReceiptConnections.CreateHandler(sp.GetRequiredService<IOptions<ReceiptFetchSettings>>().Value))
            .AddStandardResilienceHandler()
            .Configure((resilience, sp) =>
            {
                // The downloader's own deadline (FinanceFlow:Receipts:TimeoutSeconds) is the total limit; these only must not undercut it.
                var total = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<ReceiptFetchSettings>>().Value.TimeoutSeconds + 5);
                resilience.TotalRequestTimeout.Timeout = total;
                resilience.AttemptTimeout.Timeout = total < resilience.AttemptTimeout.Timeout ? total : resilience.AttemptTimeout.Timeout;
                resilience.Retry.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
                resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
            });
        return services;
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is not HttpRequestException { InnerException: ReceiptAddressRefusedException }
        && HttpClientResiliencePredicates.IsTransient(outcome);
}
