using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace FinanceFlow.Emulators.Receipts;

/// <summary>
/// Stands in for a source's receipt host (Expensify's in the end-to-end tests, the canonical source's in the storage-request counter):
/// the self-host fetches receipts over https only, so this serves them over https with a throw-away certificate that the self-host
/// process trusts through <see cref="CertificateFile"/> (SSL_CERT_FILE).
/// </summary>
public sealed class ReceiptServer : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "financeflow-receipts-" + Guid.NewGuid().ToString("N"));
    private readonly WireMockServer _server;

    public ReceiptServer()
    {
        using var certificate = Certificate();
        Directory.CreateDirectory(_folder);
        CertificateFile = Path.Combine(_folder, "receipt-server.pem");
        File.WriteAllText(CertificateFile, certificate.ExportCertificatePem());
        _server = WireMockServer.Start(new WireMockServerSettings
        {
            UseSSL = true,
            CertificateSettings = new WireMockCertificateSettings
            {
                X509Certificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null),
            },
        });

        // Only the leading bytes matter: FinanceFlow checks what a receipt is by its signature, not its extension.
        _server.Given(Request.Create().WithPath("/receipts/*.pdf").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/pdf").WithBody(Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n")));
        _server.Given(Request.Create().WithPath("/receipts/*.jpg").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "image/jpeg").WithBody([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0xFF, 0xD9]));
    }

    /// <summary>The PEM of the server certificate, for the self-host's <c>SSL_CERT_FILE</c>.</summary>
    public string CertificateFile { get; }

    /// <summary>The host of this server's URLs, for the source's receipt hosts.</summary>
    public string Host => new Uri(_server.Url!).Host;

    /// <summary>This server's URL for a receipt file name.</summary>
    public string UrlFor(string fileName) => $"{_server.Url}/receipts/{fileName}";

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }

    private static X509Certificate2 Certificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());

        // Trusted as its own root: a CA certificate, so chain building accepts it as the anchor.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
