using FinanceFlow.Connectors.Expensify;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Expensify.Tests;

public sealed class ExpensifyOptionsTests
{
    [Fact]
    public void StartupValidation_EnabledWithoutSecret_FailsNamingTheSetting()
    {
        using var services = Build(new() { ["Enabled"] = "true", ["PartnerUserId"] = "aa_api_domain_com" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("FinanceFlow:Sources:expensify:Integration:PartnerUserSecret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PartnerUserId is", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupValidation_DisabledWithoutCredentials_Starts()
    {
        using var services = Build([]);

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.False(services.GetRequiredService<IOptions<ExpensifyOptions>>().Value.Enabled);
    }

    [Fact]
    public void Binding_FullSection_ReadsEverySetting()
    {
        using var services = Build(new()
        {
            ["Enabled"] = "true",
            ["PartnerUserId"] = "aa_api_domain_com",
            ["PartnerUserSecret"] = "secret",
            ["PolicyIds:0"] = "0123456789ABCDEF",
            ["LegalEntityByPolicy:0123456789ABCDEF"] = "US01",
            ["ExportStartDate"] = "2026-01-01",
        });

        services.GetRequiredService<IStartupValidator>().Validate();
        var options = services.GetRequiredService<IOptions<ExpensifyOptions>>().Value;

        Assert.Equal("https://integrations.expensify.com/Integration-Server/ExpensifyIntegrations", options.BaseUrl);
        Assert.Equal("FinanceFlow", options.ExportLabel);
        Assert.Equal(["0123456789ABCDEF"], options.PolicyIds);
        Assert.Equal("US01", options.LegalEntityByPolicy["0123456789ABCDEF"]);
        Assert.Equal(new DateOnly(2026, 1, 1), options.ExportStartDate);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(s => $"{ExpensifyOptions.SectionName}:{s.Key}", s => s.Value))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddExpensifyConnector(configuration);
        return services.BuildServiceProvider();
    }
}
