using System.Text.Json;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Connectors.Hledger;
using FinanceFlow.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Connectors.Tests.Erp;

/// <summary>The ledgers of <c>local.settings.sample.json</c> (one entity per ERP) are settings the hosts start with, as written.</summary>
public sealed class SampleSettingsTests
{
    [Fact]
    public void SampleLedgers_InDevelopment_StartAndEachPostsToItsErp()
    {
        using var services = Services(Environments.Development);

        _ = services.GetRequiredService<IOptions<HledgerLedgersOptions>>().Value;
        var ledgers = services.GetRequiredService<IErpLedgers>();

        Assert.Equal(
            ["hledger:us01", "hledger:de01", "businesscentral:ca01", "netsuite:au01", "s4hana:nl01"],
            new[] { "us01", "de01", "ca01", "au01", "nl01" }.Select(l => ledgers.For(l).Name));
    }

    [Fact]
    public void SampleLedgers_OutsideDevelopment_NetSuiteClientSecretRefusedNamingTheSetting()
    {
        using var services = Services(Environments.Production);

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<HledgerLedgersOptions>>().Value);

        Assert.All(ex.Failures, f => Assert.StartsWith("FinanceFlow:Erp:Ledgers:au01:", f, StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("ClientSecret", StringComparison.Ordinal));
    }

    private static ServiceProvider Services(string environment)
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.GetString());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(new Host(environment))
            .AddLogging()
            .AddFinanceFlowConnectors(configuration)
            .BuildServiceProvider();
    }

    private sealed class Host(string environment) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = environment;

        public string ApplicationName { get; set; } = "FinanceFlow.Tests";

        public string ContentRootPath { get; set; } = RepoPaths.Root;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
