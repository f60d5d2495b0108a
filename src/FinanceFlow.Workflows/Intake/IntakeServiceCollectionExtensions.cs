using FinanceFlow.Core.Configuration;
using FinanceFlow.Workflows.Intake.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Workflows.Intake;

/// <summary>Registers intake: webhook deliveries and queue messages kept, checked and admitted as one run per report version.</summary>
public static class IntakeServiceCollectionExtensions
{
    public static IServiceCollection AddIntake(this IServiceCollection services)
    {
        services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.SectionName).ValidateSettings(IntakeOptions.SectionName);
        services.AddSingleton<IntakeStorageCircuit>();
        services.AddSingleton<IntakeStorageHealth>();
        services.AddSingleton<StorageOutageHold>();
        services.AddSingleton<IntakeAudit>();
        services.AddScoped<ReportAdmission>();
        services.AddScoped<ConcurEventIntake>();
        services.AddScoped<ConcurDocumentPoll>();
        services.AddScoped<WebhookIntake>();
        services.AddFinanceFlowIntakeHandler();
        return services;
    }
}
