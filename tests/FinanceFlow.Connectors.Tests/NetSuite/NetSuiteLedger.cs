using FinanceFlow.Connectors.Erp;
using FinanceFlow.Connectors.NetSuite;
using FinanceFlow.Core.Journal;
using FinanceFlow.Emulators.Erp;
using FinanceFlow.Emulators.NetSuite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace FinanceFlow.Connectors.Tests.NetSuite;

/// <summary>A NetSuite emulator and a connector for ledger <c>us01</c> built the way the host builds it: DI, factory, named client, resilience pipeline.</summary>
internal sealed class NetSuiteLedger : IAsyncDisposable
{
    public const string Key = "FinanceFlow:Erp:Ledgers:us01";

    private readonly ServiceProvider _services;

    private NetSuiteLedger(NetSuiteEmulator emulator, ServiceProvider services, NetSuiteConnector connector)
    {
        Emulator = emulator;
        _services = services;
        Connector = connector;
    }

    public NetSuiteEmulator Emulator { get; }

    public NetSuiteConnector Connector { get; }

    /// <summary>The emulator's calls other than token requests.</summary>
    public IReadOnlyList<ErpCall> Calls => [.. Emulator.Host.Calls.Where(c => c.PathAndQuery != ErpEmulatorHost.TokenPath)];

    public static async Task<NetSuiteLedger> StartAsync(Action<Dictionary<string, string?>, NetSuiteEmulator>? configure = null)
    {
        var emulator = await NetSuiteEmulator.StartAsync();
        emulator.Faults.SlowAnswer = TimeSpan.FromSeconds(4);
        var settings = Settings(emulator);
        configure?.Invoke(settings, emulator);
        var services = Services();
        var factory = Factory(services);
        var section = Section(settings);
        Assert.Empty(factory.Validate("us01", section, development: true));
        return new NetSuiteLedger(emulator, services, (NetSuiteConnector)factory.Create("us01", section));
    }

    public static Dictionary<string, string?> Settings(NetSuiteEmulator emulator) => new()
    {
        [Key + ":Kind"] = "NetSuite",
        [Key + ":AccountId"] = "1234567_SB1",
        [Key + ":BaseUrl"] = emulator.RestRoot,
        [Key + ":TokenEndpoint"] = emulator.Host.TokenEndpoint,
        [Key + ":ClientId"] = ErpEmulatorHost.ClientId,
        [Key + ":ClientSecret"] = ErpEmulatorHost.ClientSecret,
        [Key + ":Subsidiary"] = "1",
        [Key + ":CurrencyIds:USD"] = "1",
        [Key + ":CurrencyIds:EUR"] = "4",
        [Key + ":TimeoutSeconds"] = "1",
    };

    public static IConfigurationSection Section(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(Key);

    public static ServiceProvider Services() => new ServiceCollection()
        .AddLogging()
        .AddSingleton(Mock.Of<IHostEnvironment>(e => e.EnvironmentName == Environments.Development))
        .AddNetSuiteErp()
        .BuildServiceProvider();

    public static IErpConnectorFactory Factory(IServiceProvider services) =>
        services.GetServices<IErpConnectorFactory>().Single(f => f.Kind == ErpKind.NetSuite);

    /// <summary>A travel journal: expense debit with cost center and project, employee payable credit.</summary>
    public static JournalEntry Entry(string reference = "FF-CANONICAL-R-1001", decimal amount = 187.00m, string expenseAccount = "58", DateOnly? date = null, string currency = "USD") => new(
        reference,
        "US01",
        date ?? new DateOnly(2026, 11, 20),
        currency,
        "Travel Jane Doe",
        [
            new JournalLine(AccountRole.Expense, expenseAccount, amount, 0m, CostCenter: "3", Project: "7", Memo: "Taxi to client"),
            new JournalLine(AccountRole.EmployeePayable, "4", 0m, amount, Memo: "Jane Doe"),
        ]);

    public async ValueTask DisposeAsync()
    {
        Connector.Dispose();
        await _services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
