using FinanceFlow.Connectors.Erp;
using FinanceFlow.Connectors.Hledger;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace FinanceFlow.Connectors.Tests.Erp;

/// <summary>Each ledger's <c>Kind</c> picks its ERP, as the hosts compose the connectors.</summary>
public sealed class ErpLedgersTests
{
    private readonly Mock<IErpConnectorFactory> _businessCentral = new();
    private readonly List<string> _created = [];

    public ErpLedgersTests()
    {
        _businessCentral.SetupGet(f => f.Kind).Returns(ErpKind.BusinessCentral);
        _businessCentral.Setup(f => f.Validate(It.IsAny<string>(), It.IsAny<IConfigurationSection>(), It.IsAny<bool>())).Returns([]);
        _businessCentral.Setup(f => f.Create(It.IsAny<string>(), It.IsAny<IConfigurationSection>()))
            .Returns((string ledger, IConfigurationSection _) =>
            {
                _created.Add(ledger);
                var connector = new Mock<IErpConnector>();
                connector.As<IErpLedgerReader>();
                connector.SetupGet(c => c.Name).Returns("business-central:" + ledger);
                return connector.Object;
            });
    }

    [Fact]
    public void For_EachKind_ItsConnectorAndOnePerLedger()
    {
        using var services = Services(new()
        {
            ["FinanceFlow:Erp:Ledgers:de01:BaseUrl"] = "http://127.0.0.1:5056",
            ["FinanceFlow:Erp:Ledgers:us01:Kind"] = "BusinessCentral",
            ["FinanceFlow:Erp:Ledgers:us01:BaseUrl"] = "https://api.businesscentral.dynamics.com/v2.0/t/production/api/v2.0",
        });
        var ledgers = services.GetRequiredService<IErpLedgers>();

        Assert.Equal("hledger", ledgers.For(null).Name);
        Assert.Equal("hledger:de01", ledgers.For("de01").Name);
        Assert.Equal("business-central:us01", ledgers.For("US01").Name);
        Assert.Same(ledgers.For("us01"), ledgers.For("us01"));
        Assert.Equal(["us01"], _created);
        Assert.False(ledgers.IsConfigured("fr01"));
        Assert.Contains("FinanceFlow:Erp:Ledgers:fr01:Kind", Assert.Throws<InvalidOperationException>(() => ledgers.For("fr01")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Distinct_TwoLedgersOnOneCompany_ReadBackOnce()
    {
        using var services = Services(new()
        {
            ["FinanceFlow:Erp:Ledgers:us01:Kind"] = "BusinessCentral",
            ["FinanceFlow:Erp:Ledgers:us01:BaseUrl"] = "https://api.businesscentral.dynamics.com/v2.0/t/production/api/v2.0",
            ["FinanceFlow:Erp:Ledgers:us01:CompanyId"] = "c1",
            ["FinanceFlow:Erp:Ledgers:us02:Kind"] = "businesscentral",
            ["FinanceFlow:Erp:Ledgers:us02:BaseUrl"] = "https://api.businesscentral.dynamics.com/v2.0/t/production/api/v2.0/",
            ["FinanceFlow:Erp:Ledgers:us02:CompanyId"] = "c1",
            ["FinanceFlow:Erp:Ledgers:ca01:Kind"] = "BusinessCentral",
            ["FinanceFlow:Erp:Ledgers:ca01:BaseUrl"] = "https://api.businesscentral.dynamics.com/v2.0/t/production/api/v2.0",
            ["FinanceFlow:Erp:Ledgers:ca01:CompanyId"] = "c2",
        });

        var distinct = services.GetRequiredService<IErpLedgers>().Distinct();

        Assert.Equal([[ErpLedger.DefaultName], ["ca01"], ["us01", "us02"]], distinct.Select(l => l.Names.ToArray()));
    }

    [Fact]
    public void Start_UnknownKindOrAnErpOnPlainHttpOutsideDevelopment_RefusedNamingTheSetting()
    {
        using var services = Services(
            new()
            {
                ["FinanceFlow:Erp:Ledgers:us01:Kind"] = "Sage",
                ["FinanceFlow:Erp:Ledgers:de01:Kind"] = "S4Hana",
                ["FinanceFlow:Erp:Ledgers:de01:BaseUrl"] = "http://my000000-api.s4hana.cloud.sap",
                ["FinanceFlow:Erp:Ledgers:de01:CompanyCode"] = "1010",
            });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<HledgerLedgersOptions>>().Value);

        Assert.Contains("FinanceFlow:Erp:Ledgers:us01:Kind 'Sage' is not one of Hledger, BusinessCentral, NetSuite, S4Hana.", ex.Failures);
        Assert.Contains(ex.Failures, f => f.StartsWith("FinanceFlow:Erp:Ledgers:de01:BaseUrl 'http://my000000-api.s4hana.cloud.sap' is plain http", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_FactoryFindsProblems_EachOneStopsTheHost()
    {
        _businessCentral.Setup(f => f.Validate("us01", It.IsAny<IConfigurationSection>(), false))
            .Returns(["FinanceFlow:Erp:Ledgers:us01:CompanyId is required."]);
        using var services = Services(new()
        {
            ["FinanceFlow:Erp:Ledgers:us01:Kind"] = "BusinessCentral",
            ["FinanceFlow:Erp:Ledgers:us01:BaseUrl"] = "https://api.businesscentral.dynamics.com/v2.0/t/production/api/v2.0",
        });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<HledgerLedgersOptions>>().Value);

        Assert.Equal(["FinanceFlow:Erp:Ledgers:us01:CompanyId is required."], ex.Failures);
    }

    private ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton(_businessCentral.Object)
            .AddFinanceFlowConnectors(configuration)
            .BuildServiceProvider();
    }
}
