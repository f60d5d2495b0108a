using FinanceFlow.Connectors.Erp;
using FinanceFlow.Connectors.S4Hana;
using FinanceFlow.Core.Journal;
using FinanceFlow.Emulators.Erp;
using FinanceFlow.Emulators.S4Hana;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Connectors.Tests.S4Hana;

/// <summary>A ledger <c>de01</c> posting to an <see cref="S4HanaEmulator"/> through the connector as the host registers it.</summary>
public sealed class S4HanaTestLedger : IAsyncDisposable
{
    public const string Ledger = "de01";
    public const string SectionPath = "FinanceFlow:Erp:Ledgers:" + Ledger;

    private readonly ServiceProvider _services;

    private S4HanaTestLedger(S4HanaEmulator emulator, ServiceProvider services, IConfigurationSection section)
    {
        Emulator = emulator;
        _services = services;
        Section = section;
        Factory = services.GetServices<IErpConnectorFactory>().Single(f => f.Kind == ErpKind.S4Hana);
        Connector = (S4HanaConnector)Factory.Create(Ledger, section);
    }

    public S4HanaEmulator Emulator { get; }

    public IErpConnectorFactory Factory { get; }

    public IConfigurationSection Section { get; }

    public S4HanaConnector Connector { get; }

    /// <summary>Starts an emulator and a connector; <paramref name="settings"/> override the ledger's settings (null removes one).</summary>
    public static async Task<S4HanaTestLedger> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var emulator = await S4HanaEmulator.StartAsync();
        emulator.Faults.SlowAnswer = TimeSpan.FromSeconds(5);
        var values = Settings(emulator.BaseUrl, emulator.Host.TokenEndpoint);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[$"{SectionPath}:{key}"] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values.Where(v => v.Value is not null)).Build();
        var services = new ServiceCollection().AddLogging().AddS4HanaErp().BuildServiceProvider();
        return new S4HanaTestLedger(emulator, services, configuration.GetSection(SectionPath));
    }

    public static Dictionary<string, string?> Settings(string baseUrl, string? tokenEndpoint) => new()
    {
        [$"{SectionPath}:Kind"] = "S4Hana",
        [$"{SectionPath}:BaseUrl"] = baseUrl,
        [$"{SectionPath}:CompanyCode"] = "1010",
        [$"{SectionPath}:TokenEndpoint"] = tokenEndpoint,
        [$"{SectionPath}:ClientId"] = ErpEmulatorHost.ClientId,
        [$"{SectionPath}:ClientSecret"] = ErpEmulatorHost.ClientSecret,
        [$"{SectionPath}:CreatedByUser"] = "CC_FFLOW",
        [$"{SectionPath}:TimeoutSeconds"] = "2",
    };

    /// <summary>A travel expense with input tax, owed to the employee: three lines, one with a cost center.</summary>
    public static JournalEntry Entry(string reference = "FF-CANONICAL-R-1001", string expenseAccount = "61008000", DateOnly? date = null, decimal amount = 100m) => new(
        reference,
        "DE01",
        date ?? new DateOnly(2026, 3, 14),
        "EUR",
        "Hotel Berlin, sales conference March",
        [
            new JournalLine(AccountRole.Expense, expenseAccount, amount, 0m, CostCenter: "10101101", Memo: "Hotel"),
            new JournalLine(AccountRole.InputTax, "15410000", amount * 0.19m, 0m),
            new JournalLine(AccountRole.EmployeePayable, "21710000", 0m, amount * 1.19m),
        ]);

    /// <summary>How many entries of company code 1010 carry <paramref name="reference"/> (as its DocumentReferenceID).</summary>
    public int Count(string reference) => Emulator.Count(S4HanaReference.DocumentReferenceId(reference));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
