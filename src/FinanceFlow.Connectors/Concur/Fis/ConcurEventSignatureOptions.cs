using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FinanceFlow.Connectors.Concur.Fis;

/// <summary>
/// How <c>Concur-Signature</c> is checked (<c>FinanceFlow:Sources:concur</c>): against Concur's published key when
/// <see cref="VerifyEventSignature"/> is on, or against <see cref="EventPublicKeys"/> when they are set (a key rollover).
/// </summary>
/// <remarks>
/// Off by default: the signature algorithm is not yet verified against a captured delivery, and until it is the documented
/// fallback authenticates Concur (the signed-webhook secret, and the FIS fetch of the document itself).
/// </remarks>
public sealed class ConcurEventSignatureOptions : IValidatableObject
{
    public const string SectionName = "FinanceFlow:Sources:concur";
    public const string KeyName = "EventPublicKeys";

    /// <summary>The certificate Concur's Event Subscription Service guide publishes (2025-10 edition, valid after October 22, 2025).</summary>
    public const string PublishedCertificateResource = "FinanceFlow.Connectors.Concur.Fis.ess-2026.webhook.api.concursolutions.com.pem";

    private static readonly Lazy<string> Published = new(LoadPublished);

    /// <summary>Require <c>Concur-Signature</c> on every Concur delivery, checked with Concur's published key (or <see cref="EventPublicKeys"/>).</summary>
    public bool VerifyEventSignature { get; set; }

    /// <summary>PEM <c>PUBLIC KEY</c> or <c>CERTIFICATE</c> blocks replacing the published key; when set, the signature is required.</summary>
    public IList<string> EventPublicKeys { get; } = [];

    /// <summary>Concur's published certificate (PEM); only its public key is used, so its expiry does not stop the check.</summary>
    public static string PublishedCertificate => Published.Value;

    /// <summary>The keys the signature is checked with: the configured ones, else the published one when verification is on, else none.</summary>
    public IReadOnlyList<string> Keys() =>
        EventPublicKeys.Count > 0 ? [.. EventPublicKeys] : VerifyEventSignature ? [PublishedCertificate] : [];

    /// <summary>The RSA key of a PEM public key or certificate, as SubjectPublicKeyInfo bytes.</summary>
    /// <exception cref="CryptographicException">Not an RSA key or certificate in PEM.</exception>
    public static byte[] SubjectPublicKeyInfo(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (pem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            using var certificate = X509Certificate2.CreateFromPem(pem);
            using var key = certificate.GetRSAPublicKey() ?? throw new CryptographicException("The certificate holds no RSA public key.");
            return key.ExportSubjectPublicKeyInfo();
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa.ExportSubjectPublicKeyInfo();
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < EventPublicKeys.Count; i++)
        {
            string? error = null;
            try
            {
                _ = SubjectPublicKeyInfo(EventPublicKeys[i]);
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
                error = ex.Message;
            }

            if (error is not null)
            {
                yield return new ValidationResult(
                    $"{SectionName}:{KeyName}:{i} is not an RSA public key or certificate in PEM: {error}", [nameof(EventPublicKeys)]);
            }
        }
    }

    private static string LoadPublished()
    {
        using var stream = typeof(ConcurEventSignatureOptions).Assembly.GetManifestResourceStream(PublishedCertificateResource)
            ?? throw new InvalidOperationException($"The embedded resource {PublishedCertificateResource} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
