using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace FinanceFlow.Connectors.NetSuite;

/// <summary>
/// The JWT client assertion of NetSuite's OAuth 2.0 client credentials flow ("The Request Token Structure"): header <c>typ</c>
/// JWT, <c>alg</c> PS256 for an RSA key or ES256/ES384/ES512 for an EC key, <c>kid</c> the certificate id; payload <c>iss</c> the
/// client id, <c>scope</c>, <c>aud</c> the token endpoint, <c>iat</c> and <c>exp</c> (under 60 minutes later). Signed here with
/// System.Security.Cryptography; the private key comes from a PEM or PKCS#12 file or from Key Vault.
/// </summary>
public sealed class NetSuiteClientAssertion : IDisposable
{
    /// <summary>How long an assertion is valid; NetSuite refuses one valid 60 minutes or more.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly AsymmetricAlgorithm _key;
    private readonly string _certificateId;
    private readonly string _clientId;
    private readonly string _audience;
    private readonly IReadOnlyList<string> _scopes;

    private NetSuiteClientAssertion(AsymmetricAlgorithm key, NetSuiteOptions options)
    {
        _key = key;
        _certificateId = options.CertificateId!;
        _clientId = options.ClientId!;
        _audience = options.TokenUrl;
        _scopes = options.Scopes;
        Algorithm = key switch
        {
            RSA => "PS256",
            ECDsa { KeySize: 256 } => "ES256",
            ECDsa { KeySize: 384 } => "ES384",
            ECDsa { KeySize: 521 } => "ES512",
            _ => throw new CryptographicException($"A {key.KeySize}-bit EC key has no JWT algorithm NetSuite accepts (P-256, P-384 or P-521)."),
        };
    }

    /// <summary>PS256, ES256, ES384 or ES512, from the key.</summary>
    public string Algorithm { get; }

    /// <summary>Loads the private key of <see cref="NetSuiteOptions.CertificatePath"/> or <see cref="NetSuiteOptions.Certificate"/>.</summary>
    /// <exception cref="CryptographicException">No RSA or EC private key could be read.</exception>
    /// <exception cref="IOException">The file could not be read.</exception>
    public static NetSuiteClientAssertion Load(NetSuiteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = LoadKey(options.CertificatePath, options.Certificate, options.CertificatePassword);
        try
        {
            return new NetSuiteClientAssertion(key, options);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>A signed assertion issued at <paramref name="now"/>.</summary>
    public string Create(DateTimeOffset now)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new { typ = "JWT", alg = Algorithm, kid = _certificateId });
        var issued = now.ToUnixTimeSeconds();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new
        {
            iss = _clientId,
            scope = _scopes,
            aud = _audience,
            iat = issued,
            exp = issued + (long)Lifetime.TotalSeconds,
        });
        var signingInput = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        var data = System.Text.Encoding.ASCII.GetBytes(signingInput);
        var signature = _key switch
        {
            RSA rsa => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),

            // .NET signs ECDSA as r‖s (IEEE P1363), the form JWS requires.
            ECDsa ec => ec.SignData(data, Hash(ec.KeySize)),
            _ => throw new CryptographicException("Unsupported key."),
        };
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    public void Dispose() => _key.Dispose();

    private static HashAlgorithmName Hash(int keySize) => keySize switch
    {
        256 => HashAlgorithmName.SHA256,
        384 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    private static AsymmetricAlgorithm LoadKey(string? path, string? inline, string? password)
    {
        if (!string.IsNullOrWhiteSpace(path))
        {
            return Path.GetExtension(path).ToUpperInvariant() is ".PFX" or ".P12"
                ? FromPkcs12(X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet))
                : FromPem(File.ReadAllText(path), password);
        }

        if (string.IsNullOrWhiteSpace(inline))
        {
            throw new CryptographicException("No certificate: set CertificatePath or Certificate.");
        }

        var text = inline.Trim();
        if (text.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            return FromPem(text, password);
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException ex)
        {
            throw new CryptographicException("The certificate is neither PEM nor base64 PKCS#12.", ex);
        }

        return FromPkcs12(X509CertificateLoader.LoadPkcs12(bytes, password, X509KeyStorageFlags.EphemeralKeySet));
    }

    private static AsymmetricAlgorithm FromPkcs12(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()
                ?? throw new CryptographicException("The PKCS#12 file holds no RSA or EC private key.");
        }
    }

    private static AsymmetricAlgorithm FromPem(string pem, string? password)
    {
        AsymmetricAlgorithm[] candidates = [RSA.Create(), ECDsa.Create()];
        foreach (var candidate in candidates)
        {
            try
            {
                if (string.IsNullOrEmpty(password))
                {
                    candidate.ImportFromPem(pem);
                }
                else
                {
                    candidate.ImportFromEncryptedPem(pem, password);
                }

                foreach (var other in candidates.Where(c => !ReferenceEquals(c, candidate)))
                {
                    other.Dispose();
                }

                return candidate;
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
                // Not this kind of key: try the next.
            }
        }

        foreach (var candidate in candidates)
        {
            candidate.Dispose();
        }

        throw new CryptographicException("The PEM holds no RSA or EC private key FinanceFlow can read.");
    }
}
