using FinanceFlow.Connectors.Concur.Fis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FinanceFlow.ConcurFis.Tests;

public sealed class ConcurFisOptionsTests
{
    [Fact]
    public void Startup_EnabledWithoutSecretAndRefreshToken_FailsNamingBothSettings()
    {
        // Arrange
        using var services = Build(new()
        {
            [$"{ConcurFisOptions.SectionName}:Enabled"] = "true",
            [$"{ConcurFisOptions.SectionName}:BaseUrl"] = "https://us2.api.concursolutions.com",
            [$"{ConcurFisOptions.SectionName}:ClientId"] = "client",
        });

        // Act
        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        // Assert
        Assert.Contains("FinanceFlow:Sources:concur:Fis:ClientSecret is required", ex.Message, StringComparison.Ordinal);
        Assert.Contains("FinanceFlow:Sources:concur:Fis:CompanyRefreshToken is required", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_Disabled_NeedsNothing()
    {
        // Arrange
        using var services = Build([]);

        // Act
        services.GetRequiredService<IStartupValidator>().Validate();

        // Assert
        Assert.False(services.GetRequiredService<IOptions<ConcurFisOptions>>().Value.Enabled);
    }

    [Fact]
    public void TokenEndpoint_NotConfigured_IsUnderBaseUrl()
    {
        // Arrange
        var options = new ConcurFisOptions { BaseUrl = "https://us2.api.concursolutions.com" };

        // Act
        var endpoint = options.GetTokenEndpoint();

        // Assert
        Assert.Equal(new Uri("https://us2.api.concursolutions.com/oauth2/v0/token"), endpoint);
    }

    [Fact]
    public void Startup_EventPublicKeyNotPem_FailsNamingTheSetting()
    {
        // Arrange
        using var services = Build(new() { ["FinanceFlow:Sources:concur:EventPublicKeys:0"] = "not a key" });

        // Act
        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        // Assert
        Assert.Contains("FinanceFlow:Sources:concur:EventPublicKeys:0", ex.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddConcurFis(configuration);
        return services.BuildServiceProvider();
    }
}
