using FinanceFlow.Connectors.Concur;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Connectors.Expensify;
using FinanceFlow.Workflows.Reconciliation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Workflows.Sources;

/// <summary>Registers each expense source: its vendor client, how its documents are read, how it is told about postings and payments.</summary>
public static class SourcesServiceCollectionExtensions
{
    public static IServiceCollection AddSources(this IServiceCollection services, IConfiguration configuration)
    {
        // Canonical: the signed JSON schema; told through the signed callback.
        services.AddSingleton<ISourceDocumentAdapter, CanonicalDocumentAdapter>();
        services.AddScoped<CallbackPayment>();
        services.AddScoped<IApprovedDocuments, CanonicalApprovedDocuments>();

        // Expensify: pulled from the Integration Server on a schedule (off until FinanceFlow:Sources:expensify:Integration:Enabled).
        services.AddExpensifyConnector(configuration);
        services.AddSingleton<ExpensifyDocumentAdapter>();
        services.AddSingleton<ISourceDocumentAdapter>(sp => sp.GetRequiredService<ExpensifyDocumentAdapter>());
        services.AddScoped<ISourceConfirmation, ExpensifyConfirmation>();
        services.AddScoped<ISourcePayment, ExpensifyPayment>();
        services.AddScoped<ExpensifyPull>();
        if (configuration.GetValue<bool>($"{ExpensifyOptions.SectionName}:{nameof(ExpensifyOptions.Enabled)}"))
        {
            services.AddScoped<IApprovedDocuments, ExpensifyApprovedDocuments>();
        }

        // Concur: the document's own journal data (posting settings); the FIS client is off by default
        // (FinanceFlow:Sources:concur:Fis:Enabled): nothing is required then, and the client refuses to call Concur.
        services.AddConcurPosting();
        services.AddConcurFis(configuration);
        services.AddSingleton<ConcurDocumentAdapter>();
        services.AddSingleton<ISourceDocumentAdapter>(sp => sp.GetRequiredService<ConcurDocumentAdapter>());
        services.AddScoped<ISourceConfirmation, ConcurConfirmation>();
        services.AddScoped<ISourcePayment, ConcurPayment>();

        // The documents Concur still offers are its side of the three-way reconciliation, read only when FIS is on.
        if (configuration.GetValue<bool>($"{ConcurFisOptions.SectionName}:{nameof(ConcurFisOptions.Enabled)}"))
        {
            services.AddScoped<IApprovedDocuments, ConcurApprovedDocuments>();
        }

        return services;
    }
}
