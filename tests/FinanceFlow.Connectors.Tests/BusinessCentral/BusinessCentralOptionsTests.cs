using Microsoft.Extensions.Configuration;

namespace FinanceFlow.Connectors.Tests.BusinessCentral;

public sealed class BusinessCentralOptionsTests : IAsyncLifetime
{
    private const string Key = "FinanceFlow:Erp:Ledgers:de01";

    private BusinessCentralFixture _bc = null!;

    public async Task InitializeAsync() => _bc = await BusinessCentralFixture.StartAsync();

    public async Task DisposeAsync() => await _bc.DisposeAsync();

    [Fact]
    public void Validate_EmulatorSettingsInDevelopment_NoProblem() =>
        Assert.Empty(Validate(_ => { }, development: true));

    [Fact]
    public void Validate_MissingSettings_EachNamedByItsFullKey()
    {
        var problems = Validate(s =>
        {
            s.Remove($"{Key}:CompanyId");
            s.Remove($"{Key}:JournalCode");
            s.Remove($"{Key}:LocalCurrency");
            s.Remove($"{Key}:ClientSecret");
        }, development: true);

        Assert.Equal(
            [
                $"{Key}:CompanyId is required (the company's id, GET …/api/v2.0/companies).",
                $"{Key}:JournalCode is required in Journal mode (the journal batch's code).",
                $"{Key}:LocalCurrency is required: the company's local currency as a three-letter ISO code.",
                $"{Key}:ClientId and {Key}:ClientSecret are required with {Key}:TokenEndpoint.",
            ],
            problems);
    }

    [Fact]
    public void Validate_PurchaseInvoiceModeWithoutVendor_NamesVendorNumber()
    {
        var problems = Validate(s =>
        {
            s[$"{Key}:Mode"] = "PurchaseInvoice";
            s.Remove($"{Key}:VendorNumber");
            s[$"{Key}:CompanyId"] = "CRONUS";
        }, development: true);

        Assert.Equal([$"{Key}:CompanyId 'CRONUS' is not a GUID (the company's id, GET …/api/v2.0/companies).", $"{Key}:VendorNumber is required in PurchaseInvoice mode (the vendor that stands for employee reimbursements)."], problems);
    }

    [Fact]
    public void Validate_LoopbackAndPlainHttpOutsideDevelopment_Refused()
    {
        var problems = Validate(_ => { }, development: false);

        Assert.Contains(problems, p => p.StartsWith($"{Key}:BaseUrl '{_bc.Emulator.BaseUrl}' is plain http", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{Key}:TokenEndpoint '{_bc.Emulator.Host.TokenEndpoint}' is plain http", StringComparison.Ordinal));
        var factory = _bc.Factory(development: false);
        var section = Section(_bc.Settings());
        Assert.Throws<InvalidOperationException>(() => factory.Create("de01", section));
    }

    [Fact]
    public void Validate_EntraIdSecretWithoutTenant_NamesTenantId()
    {
        var problems = Validate(s =>
        {
            s.Remove($"{Key}:TokenEndpoint");
            s[$"{Key}:BaseUrl"] = "https://api.businesscentral.dynamics.com/v2.0/contoso/production/api/v2.0";
        }, development: false);

        Assert.Equal([$"{Key}:TenantId and {Key}:ClientId are required with {Key}:ClientSecret (Entra ID app registration)."], problems);
    }

    [Fact]
    public void Validate_ManagedIdentity_NoSecretNeeded()
    {
        var problems = Validate(s =>
        {
            s.Remove($"{Key}:TokenEndpoint");
            s.Remove($"{Key}:ClientSecret");
            s[$"{Key}:BaseUrl"] = "https://api.businesscentral.dynamics.com/v2.0/contoso/production/api/v2.0";
        }, development: false);

        Assert.Empty(problems);
    }

    [Fact]
    public void Validate_UnknownMode_SaysWhatItCanBe()
    {
        var problem = Assert.Single(Validate(s => s[$"{Key}:Mode"] = "Ledger", development: true));

        Assert.StartsWith($"{Key} cannot be read:", problem, StringComparison.Ordinal);
        Assert.Contains("Mode is Journal or PurchaseInvoice", problem, StringComparison.Ordinal);
    }

    private IReadOnlyList<string> Validate(Action<Dictionary<string, string?>> change, bool development)
    {
        var settings = _bc.Settings();
        change(settings);
        return _bc.Factory(development).Validate("de01", Section(settings), development);
    }

    private static IConfigurationSection Section(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(Key);
}
