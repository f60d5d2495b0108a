using FinanceFlow.Connectors;
using FinanceFlow.Connectors.Hledger;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Integration.Tests.Hledger;

public sealed class HledgerRegistrationTests
{
    [Fact]
    public void AddFinanceFlowConnectors_BaseUrlNotAUrl_FailsValidationNamingTheSetting()
    {
        // Arrange
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["FinanceFlow:Erp:Hledger:BaseUrl"] = "not a url" })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFinanceFlowConnectors(configuration);
        using var provider = services.BuildServiceProvider();

        // Act
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<HledgerOptions>>().Value);

        // Assert
        Assert.Contains("BaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddFinanceFlowConnectors_NoSection_UsesLocalDefaults()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFinanceFlowConnectors(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<HledgerOptions>>().Value;

        Assert.Equal("http://127.0.0.1:5055", options.BaseUrl);
        Assert.Equal("hledger", options.HledgerExecutable);
        Assert.Equal(10, options.TimeoutSeconds);
    }
}
