using FinanceFlow.Core.Attachments;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Workflows.ReportPipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Workflows.Tests.ReportPipeline;

public sealed class ReceiptFetchSettingsTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Start_AllowLoopbackOutsideDevelopment_StopsNamingTheSetting(string environment)
    {
        using var provider = Services(environment, new() { ["FinanceFlow:Receipts:AllowLoopback"] = "true" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ReceiptFetchSettings>>().Value);

        Assert.Contains("FinanceFlow:Receipts:AllowLoopback: loopback receipts are allowed only when the environment is Development", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_AllowLoopbackInDevelopment_IsAccepted()
    {
        using var provider = Services(Environments.Development, new() { ["FinanceFlow:Receipts:AllowLoopback"] = "true" });

        Assert.True(provider.GetRequiredService<IOptions<ReceiptFetchSettings>>().Value.AllowLoopback);
    }

    [Fact]
    public void Start_ReceiptHostThatIsNoHostName_StopsNamingTheSetting()
    {
        using var provider = Services(Environments.Production, new() { ["FinanceFlow:Sources:expensify:ReceiptHosts:0"] = "https://www.expensify.com/" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FinanceFlowOptions>>().Value);

        Assert.Contains("FinanceFlow:Sources:expensify:ReceiptHosts: 'https://www.expensify.com/' is not a host name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReceiptClient_ShortTimeLimit_ResolvesWithAValidResiliencePipeline()
    {
        using var provider = Services(Environments.Development, new() { ["FinanceFlow:Receipts:TimeoutSeconds"] = "1" });

        Assert.NotNull(provider.GetRequiredService<ReceiptDownloader>());
    }

    private static ServiceProvider Services(string environment, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = environment });
        services.AddOptions<FinanceFlowOptions>()
            .BindConfiguration(FinanceFlowOptions.SectionName)
            .ValidateSettings(FinanceFlowOptions.SectionName);
        services.AddReportPipeline();
        return services.BuildServiceProvider();
    }
}
