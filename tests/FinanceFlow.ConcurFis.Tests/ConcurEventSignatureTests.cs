using System.Security.Cryptography;
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

    public void Dispose() => _concur.Dispose();

    // The key printed in v4.event-subscription.markdown.
    private static string PublishedKey()
    {
        var doc = File.ReadAllText(Path.Combine(ConcurFisPayloads.EventsFolder, "v4.event-subscription.markdown"));
        return Regex.Match(doc, "-----BEGIN PUBLIC KEY-----.*?-----END PUBLIC KEY-----", RegexOptions.Singleline).Value;
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
