using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using FinanceFlow.Connectors.Concur.Fis;
using FinanceFlow.Emulators.Concur;
using Microsoft.Extensions.Options;

namespace FinanceFlow.ConcurFis.Tests;

public sealed class ConcurEventSignatureTests : IDisposable
{
    private readonly RSA _concur = RSA.Create(2048);
    private readonly byte[] _body = File.ReadAllBytes(
        Path.Combine(ConcurFisPayloads.EventsFolder, "concur-ess-v4-financialintegration-expense.readyForIntegration.json"));

    [Fact]
    public void Verify_SignedBody_Valid()
    {
        // Arrange: the published key first, the one that signed second (a rollover).
        var signature = Sign(_body);
        var check = Signature(PublishedKey(), _concur.ExportSubjectPublicKeyInfoPem());

        // Act
        var result = check.Verify(_body, signature);

        // Assert
        Assert.True(check.IsConfigured);
        Assert.Equal(ConcurSignatureResult.Valid, result);
    }

    [Fact]
    public void Verify_BodyChangedAfterSigning_Invalid()
    {
        // Arrange
        var signature = Sign(_body);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(_body).Replace("5F8FC21234374B979809", "5F8FC21234374B979810", StringComparison.Ordinal));

        // Act
        var result = Signature(_concur.ExportSubjectPublicKeyInfoPem()).Verify(tampered, signature);

        // Assert
        Assert.Equal(ConcurSignatureResult.Invalid, result);
    }

    [Theory]
    [InlineData(null, ConcurSignatureResult.Missing)]
    [InlineData("  ", ConcurSignatureResult.Missing)]
    [InlineData("not base64!", ConcurSignatureResult.Invalid)]
    public void Verify_HeaderMissingOrGarbled_SaysSo(string? header, ConcurSignatureResult expected)
    {
        // Act
        var result = Signature(_concur.ExportSubjectPublicKeyInfoPem()).Verify(_body, header);

        // Assert
        Assert.Equal(expected, result);
    }

    [Fact]
    public void Verify_SignedByAnotherKeyThanConcursPublishedOne_Invalid()
    {
        // Arrange
        var check = Signature(PublishedKey());

        // Act
        var result = check.Verify(_body, Sign(_body));

        // Assert
        Assert.Equal(ConcurSignatureResult.Invalid, result);
    }

    [Fact]
    public void PublishedCertificate_IsTheCurrentKeyOfTheGuideNotASupersededOne()
    {
        // Arrange: the 2025-10 guide prints the key valid after October 22, 2025 first and the one before second; the older
        // guide printed a third.
        var keys = Keys("v4.event-subscription-2025-10.markdown");
        var superseded = Keys("v4.event-subscription.markdown").Append(keys[1]);

        // Act
        var published = ConcurEventSignatureOptions.SubjectPublicKeyInfo(ConcurEventSignatureOptions.PublishedCertificate);

        // Assert
        Assert.Equal(ConcurEventSignatureOptions.SubjectPublicKeyInfo(keys[0]), published);
        Assert.Equal(ConcurEventSignatureOptions.SubjectPublicKeyInfo(PublishedKey()), published);
        Assert.All(superseded, old => Assert.NotEqual(ConcurEventSignatureOptions.SubjectPublicKeyInfo(old), published));
    }

    [Fact]
    public void Verify_VerificationOnWithoutKeys_ChecksWithThePublishedKey()
    {
        // Arrange: Concur's private key is not ours, so a body signed by any other key must fail against the published one.
        var options = new ConcurEventSignatureOptions { VerifyEventSignature = true };
        var check = new ConcurEventSignature(Options.Create(options));

        // Act
        var result = check.Verify(_body, Sign(_body));

        // Assert
        Assert.True(check.IsConfigured);
        Assert.Equal([ConcurEventSignatureOptions.PublishedCertificate], options.Keys());
        Assert.Equal(ConcurSignatureResult.Invalid, result);
        Assert.Equal(ConcurSignatureResult.Missing, check.Verify(_body, null));
    }

    [Fact]
    public void Verify_NothingConfigured_NotCheckedSoTheDocumentedFallbackApplies()
    {
        // Act
        var check = new ConcurEventSignature(Options.Create(new ConcurEventSignatureOptions()));

        // Assert
        Assert.False(check.IsConfigured);
    }

    [Fact]
    public void Verify_KeyConfiguredAsACertificate_ChecksWithItsKey()
    {
        // Arrange: Concur publishes a certificate; its PEM works as a configured key like a PUBLIC KEY block.
        using var certificate = new CertificateRequest("CN=webhook.api.concursolutions.com", _concur, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var check = Signature(certificate.ExportCertificatePem());

        // Act
        var result = check.Verify(_body, Sign(_body));

        // Assert
        Assert.Equal(ConcurSignatureResult.Valid, result);
    }

    public void Dispose() => _concur.Dispose();

    // The key of the certificate Concur publishes now (ess-2026.webhook.api.concursolutions.com.pem).
    private static string PublishedKey() =>
        File.ReadAllText(Path.Combine(ConcurFisPayloads.EventsFolder, "ess-2026.webhook.api.concursolutions.com.pem"));

    private static string[] Keys(string guide)
    {
        var doc = File.ReadAllText(Path.Combine(ConcurFisPayloads.EventsFolder, guide));
        return [.. Regex.Matches(doc, "-----BEGIN PUBLIC KEY-----.*?-----END PUBLIC KEY-----", RegexOptions.Singleline).Select(m => m.Value)];
    }

    private static ConcurEventSignature Signature(params string[] pems)
    {
        var options = new ConcurEventSignatureOptions();
        foreach (var pem in pems)
        {
            options.EventPublicKeys.Add(pem);
        }

        Assert.Empty(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
        return new ConcurEventSignature(Options.Create(options));
    }

    private string Sign(byte[] body) => Convert.ToBase64String(_concur.SignData(body, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
}
