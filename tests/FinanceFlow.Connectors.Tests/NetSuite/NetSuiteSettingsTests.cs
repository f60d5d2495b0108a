using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using FinanceFlow.Connectors.NetSuite;
using FinanceFlow.Emulators.Erp;
using static FinanceFlow.Connectors.Tests.NetSuite.NetSuiteLedger;

namespace FinanceFlow.Connectors.Tests.NetSuite;

/// <summary>Start-up validation of a NetSuite ledger's settings, and the certificate-signed client assertion.</summary>
public sealed class NetSuiteSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netsuite-keys-").FullName;

    [Fact]
    public void Validate_NothingButKind_NamesEveryRequiredSetting()
    {
        using var services = Services();

        var problems = Factory(services).Validate("us01", Section(new() { [Key + ":Kind"] = "NetSuite" }), development: false);

        Assert.Contains(problems, p => p.StartsWith(Key + ":AccountId is required", StringComparison.Ordinal));
        Assert.Contains(Key + ":BaseUrl is required.", problems);
        Assert.Contains(problems, p => p.StartsWith(Key + ":Subsidiary is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(Key + ":CurrencyIds is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(Key + ":ClientId is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(Key + ":CertificateId is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_OutsideDevelopment_RefusesPlainHttpLoopbackAndClientSecret()
    {
        using var services = Services();
        var settings = new Dictionary<string, string?>
        {
            [Key + ":Kind"] = "NetSuite",
            [Key + ":AccountId"] = "1234567",
            [Key + ":BaseUrl"] = "http://1234567.suitetalk.api.netsuite.com/services/rest",
            [Key + ":TokenEndpoint"] = "https://127.0.0.1:5001/token",
            [Key + ":ClientId"] = "client",
            [Key + ":ClientSecret"] = "secret",
            [Key + ":Subsidiary"] = "1",
            [Key + ":CurrencyIds:USD"] = "USD",
            [Key + ":Mode"] = "VendorBill",
        };

        var problems = Factory(services).Validate("us01", Section(settings), development: false);
        var inDevelopment = Factory(services).Validate("us01", Section(settings), development: true);

        Assert.Contains(problems, p => p.StartsWith(Key + ":BaseUrl 'http://", StringComparison.Ordinal) && p.Contains("plain http", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(Key + ":TokenEndpoint 'https://127.0.0.1", StringComparison.Ordinal) && p.Contains("loopback", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(Key + ":ClientSecret is accepted only in Development", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(Key + ":CurrencyIds:USD 'USD' is not a NetSuite internal id", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(Key + ":VendorId is required", StringComparison.Ordinal));
        Assert.Equal(2, inDevelopment.Count);
    }

    [Fact]
    public void Validate_AccountIdAndCertificate_DerivesNetSuiteAddressesAndPasses()
    {
        using var services = Services();
        using var key = RSA.Create(3072);
        var path = Path.Combine(_folder, "netsuite.pem");
        File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
        var settings = new Dictionary<string, string?>
        {
            [Key + ":Kind"] = "NetSuite",
            [Key + ":AccountId"] = "1234567_SB1",
            [Key + ":ClientId"] = "client",
            [Key + ":CertificateId"] = "kid-1",
            [Key + ":CertificatePath"] = path,
            [Key + ":Subsidiary"] = "3",
            [Key + ":CurrencyIds:USD"] = "1",
        };
        var options = new NetSuiteOptions { AccountId = "1234567_SB1" };

        var problems = Factory(services).Validate("us01", Section(settings), development: false);
        var unreadable = Factory(services).Validate("us01", Section(new(settings) { [Key + ":CertificatePath"] = Path.Combine(_folder, "missing.pem") }), development: false);

        Assert.Empty(problems);
        Assert.Equal("https://1234567-sb1.suitetalk.api.netsuite.com/services/rest", options.RestRoot);
        Assert.Equal("https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token", options.TokenUrl);
        Assert.Contains(unreadable, p => p.StartsWith(Key + ":CertificatePath cannot be used", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostAsync_KeyVaultCertificate_TokenFromPs256AssertionNetSuiteCanVerify()
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=financeflow-netsuite", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pkcs12 = Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12));

        var (header, payload, ledgerTokenEndpoint) = await AssertionAsync(settings =>
        {
            settings[Key + ":Certificate"] = pkcs12;
            settings[Key + ":Scope"] = "restlets, rest_webservices";
        }, (signed, signature) => rsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));

        Assert.Equal("PS256", header.GetProperty("alg").GetString());
        Assert.Equal(["restlets", "rest_webservices"], payload.GetProperty("scope").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(ledgerTokenEndpoint, payload.GetProperty("aud").GetString());
    }

    [Fact]
    public async Task PostAsync_EcKeyFile_TokenFromEs256Assertion()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Path.Combine(_folder, "netsuite-ec.pem");
        File.WriteAllText(path, ec.ExportPkcs8PrivateKeyPem());

        var (header, payload, _) = await AssertionAsync(
            settings => settings[Key + ":CertificatePath"] = path,
            (signed, signature) => ec.VerifyData(signed, signature, HashAlgorithmName.SHA256));

        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.Equal(["rest_webservices"], payload.GetProperty("scope").EnumerateArray().Select(s => s.GetString()));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Posts with a certificate instead of a secret and returns the assertion the token request carried, its signature checked.</summary>
    private static async Task<(JsonElement Header, JsonElement Payload, string TokenEndpoint)> AssertionAsync(
        Action<Dictionary<string, string?>> certificate, Func<byte[], byte[], bool> verify)
    {
        await using var ledger = await StartAsync((settings, _) =>
        {
            settings.Remove(Key + ":ClientSecret");
            settings[Key + ":CertificateId"] = "kid-42";
            certificate(settings);
        });

        var result = await ledger.Connector.PostAsync(Entry(), CancellationToken.None);

        Assert.True(result.Accepted, result.Reason);
        var form = Assert.Single(ledger.Emulator.Host.Calls, c => c.PathAndQuery == ErpEmulatorHost.TokenPath).Body
            .Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"]);
        Assert.False(form.ContainsKey("client_secret"));
        var parts = form["client_assertion"].Split('.');
        Assert.Equal(3, parts.Length);
        Assert.True(verify(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2])), "the signature does not verify with the public key");
        var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement;
        var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement;
        Assert.Equal("JWT", header.GetProperty("typ").GetString());
        Assert.Equal("kid-42", header.GetProperty("kid").GetString());
        Assert.Equal(ErpEmulatorHost.ClientId, payload.GetProperty("iss").GetString());
        var lifetime = payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64();
        Assert.InRange(lifetime, 1, 3599);
        return (header, payload, ledger.Emulator.Host.TokenEndpoint);
    }
}
