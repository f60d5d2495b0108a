using FinanceFlow.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Workflows.PaymentSync;

/// <summary>Registers the scheduled payment sync.</summary>
public static class PaymentSyncServiceCollectionExtensions
{
    public static IServiceCollection AddPaymentSync(this IServiceCollection services)
    {
        services.AddOptions<PaymentSyncOptions>()
            .BindConfiguration(PaymentSyncOptions.SectionName)
            .ValidateSettings(PaymentSyncOptions.SectionName);
        services.AddScoped<LedgerPaymentSync>();
        return services;
    }
}
