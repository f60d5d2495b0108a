using FinanceFlow.Connectors.BusinessCentral;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Journal;
using FinanceFlow.Emulators.BusinessCentral;
using FinanceFlow.Emulators.Erp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace FinanceFlow.Connectors.Tests.BusinessCentral;

/// <summary>A Business Central emulator with a chart of accounts, a journal batch and a reimbursement vendor, and connectors built by the real factory.</summary>
public sealed class BusinessCentralFixture : IAsyncDisposable
{
    public const string Journal = "FINFLOW";
    public const string Vendor = "V-EMP";

    private readonly List<ServiceProvider> _providers = [];

    private BusinessCentralFixture(BusinessCentralEmulator emulator) => Emulator = emulator;

    public BusinessCentralEmulator Emulator { get; }

    public BusinessCentralStore Store => Emulator.Store;

    public FinanceFlow.Emulators.Erp.ErpFaultPlan Faults => Emulator.Faults;

    public static async Task<BusinessCentralFixture> StartAsync()
    {
        var emulator = await BusinessCentralEmulator.StartAsync();
        emulator.Store.AddAccount("6400", "Travel");
        emulator.Store.AddAccount("6410", "Meals");
        emulator.Store.AddAccount("1576", "Input VAT");
        emulator.Store.AddAccount("2510", "Employee payables");
        emulator.Store.AddAccount("2110", "Vendor payables");
        emulator.Store.AddAccount("6999", "Blocked expense", blocked: true);
        emulator.Store.AddAccount("6000", "Expenses", accountType: "Heading");
        emulator.Store.AddJournal(Journal);
        emulator.Store.AddVendor(Vendor);
        emulator.Faults.SlowAnswer = TimeSpan.FromSeconds(5);
        return new BusinessCentralFixture(emulator);
    }

    public Dictionary<string, string?> Settings(string ledger = "de01", BusinessCentralMode mode = BusinessCentralMode.Journal) => new()
    {
        [$"FinanceFlow:Erp:Ledgers:{ledger}:Kind"] = nameof(ErpKind.BusinessCentral),
        [$"FinanceFlow:Erp:Ledgers:{ledger}:BaseUrl"] = Emulator.BaseUrl,
        [$"FinanceFlow:Erp:Ledgers:{ledger}:CompanyId"] = Emulator.CompanyId.ToString(),
        [$"FinanceFlow:Erp:Ledgers:{ledger}:Mode"] = mode.ToString(),
        [$"FinanceFlow:Erp:Ledgers:{ledger}:JournalCode"] = Journal,
        [$"FinanceFlow:Erp:Ledgers:{ledger}:VendorNumber"] = Vendor,
        [$"FinanceFlow:Erp:Ledgers:{ledger}:LocalCurrency"] = "EUR",
        [$"FinanceFlow:Erp:Ledgers:{ledger}:TimeoutSeconds"] = "2",
        [$"FinanceFlow:Erp:Ledgers:{ledger}:TokenEndpoint"] = Emulator.Host.TokenEndpoint,
        [$"FinanceFlow:Erp:Ledgers:{ledger}:ClientId"] = ErpEmulatorHost.ClientId,
        [$"FinanceFlow:Erp:Ledgers:{ledger}:ClientSecret"] = ErpEmulatorHost.ClientSecret,
    };

    public BusinessCentralConnector Connector(BusinessCentralMode mode = BusinessCentralMode.Journal, Action<Dictionary<string, string?>>? change = null)
    {
        var settings = Settings(mode: mode);
        change?.Invoke(settings);
        var section = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("FinanceFlow:Erp:Ledgers:de01");
        return (BusinessCentralConnector)Factory(development: true).Create("de01", section);
    }

    public IErpConnectorFactory Factory(bool development)
    {
        var environment = new Mock<IHostEnvironment>();
        environment.SetupGet(e => e.EnvironmentName).Returns(development ? Environments.Development : Environments.Production);
        var services = new ServiceCollection().AddLogging().AddSingleton(environment.Object).AddBusinessCentralErp().BuildServiceProvider();
        _providers.Add(services);
        return services.GetRequiredService<IErpConnectorFactory>();
    }

    /// <summary>A travel report: 100.00 travel (cost center and project), 19.00 input VAT, 119.00 owed to the employee.</summary>
    public static JournalEntry Entry(string reference = "FF-CANONICAL-R-1001", string currency = "EUR", string expenseAccount = "6400", DateOnly? date = null) => new(
        reference,
        "DE01",
        date ?? new DateOnly(2025, 3, 14),
        currency,
        "Trip to Hamburg",
        [
            new JournalLine(AccountRole.Expense, expenseAccount, 100.00m, 0m, CostCenter: "CC100", Project: "P-7", Memo: "Train"),
            new JournalLine(AccountRole.InputTax, "1576", 19.00m, 0m),
            new JournalLine(AccountRole.EmployeePayable, "2510", 0m, 119.00m, Memo: "Anna Schmidt"),
        ]);

    /// <summary>Calls to the API (token calls left out), as <c>METHOD path</c> with the company and ids shortened.</summary>
    public IReadOnlyList<ErpCall> ApiCalls() => [.. Emulator.Host.Calls.Where(c => c.PathAndQuery.StartsWith("/api/", StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await Emulator.DisposeAsync();
    }
}
