using FinanceFlow.Connectors.S4Hana;
using Microsoft.Extensions.Configuration;

namespace FinanceFlow.Connectors.Tests.S4Hana;

/// <summary>Start-up validation of an S/4HANA ledger's settings, and the reference mapping.</summary>
public sealed class S4HanaSettingsTests
{
    private const string Key = S4HanaTestLedger.SectionPath;

    [Fact]
    public async Task Validate_MissingSettings_NameEveryFullKey()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();
        var section = Section(new() { ["CompanyCode"] = null, ["ClientId"] = null, ["ClientSecret"] = null, ["SoapPath"] = "sap/bc/srt" });

        var problems = ledger.Factory.Validate(S4HanaTestLedger.Ledger, section, development: true);

        Assert.Equal(
            [
                $"{Key}:CompanyCode is required.",
                $"{Key}:SoapPath 'sap/bc/srt' is not a path on the API host (it starts with /).",
                $"{Key}:ClientId (the communication user of arrangement SAP_COM_0002) is required.",
                $"{Key}:ClientSecret (the communication user's password, from Key Vault) is required.",
            ],
            problems);
    }

    [Theory]
    [InlineData("http://my000000-api.s4hana.cloud.sap", "is plain http: an ERP is reached over https outside Development.")]
    [InlineData("https://127.0.0.1:8443", "is a loopback address: allowed only when the environment is Development.")]
    public async Task Validate_PlainHttpOrLoopbackOutsideDevelopment_IsRefusedNamingTheSetting(string baseUrl, string why)
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();
        var section = Section(new() { ["BaseUrl"] = baseUrl, ["TokenEndpoint"] = "https://my000000-api.s4hana.cloud.sap/sap/bc/sec/oauth2/token" });

        var outside = ledger.Factory.Validate(S4HanaTestLedger.Ledger, section, development: false);
        var inside = ledger.Factory.Validate(S4HanaTestLedger.Ledger, section, development: true);

        Assert.Equal([$"{Key}:BaseUrl '{baseUrl}' {why}"], outside);
        Assert.Empty(inside);
    }

    [Fact]
    public async Task Validate_CompanyCodeLongerThanSapsField_IsRefused()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();

        var problems = ledger.Factory.Validate(S4HanaTestLedger.Ledger, Section(new() { ["CompanyCode"] = "10101" }), development: true);

        Assert.Equal([$"{Key}:CompanyCode '10101' is longer than 4 characters."], problems);
    }

    [Theory]
    [InlineData("FF-CANONICAL-R1", "FF-CANONICAL-R1")]
    [InlineData("FF-CANONICAL-R-1001", null)]
    [InlineData("FF-a-1", null)]
    public void DocumentReferenceId_FitsAsItIsOrBecomesAStableHash(string reference, string? expected)
    {
        var id = S4HanaReference.DocumentReferenceId(reference);

        Assert.Equal(id, S4HanaReference.DocumentReferenceId(reference));
        Assert.True(id.Length <= S4HanaReference.DocumentReferenceIdLength);
        if (expected is null)
        {
            Assert.Matches("^FF[A-Z2-7]{14}$", id);
            Assert.Equal(reference, S4HanaReference.Recover(id, [reference[..Math.Min(50, reference.Length)]]));
        }
        else
        {
            Assert.Equal(expected, id);
        }
    }

    [Fact]
    public void Recover_ItemTextsEditedInSap_GiveNoReferenceRatherThanAWrongOne()
    {
        var id = S4HanaReference.DocumentReferenceId("FF-CANONICAL-R-1001");

        Assert.Null(S4HanaReference.Recover(id, ["Hotel Berlin", "FF-CANONICAL-R-1001"]));
        Assert.Equal("FF-CANONICAL-R-1001", S4HanaReference.Recover(id, ["FF-CANONICAL-R-1001", "FF-CANONICAL-R-1001"]));
    }

    private static IConfigurationSection Section(Dictionary<string, string?> overrides)
    {
        var values = S4HanaTestLedger.Settings("https://my000000-api.s4hana.cloud.sap", "https://my000000-api.s4hana.cloud.sap/sap/bc/sec/oauth2/token");
        foreach (var (key, value) in overrides)
        {
            values[$"{Key}:{key}"] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values.Where(v => v.Value is not null)).Build().GetSection(Key);
    }
}
