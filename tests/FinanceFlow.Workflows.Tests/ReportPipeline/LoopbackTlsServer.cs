using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace FinanceFlow.Workflows.Tests.ReportPipeline;

/// <summary>
/// An https server on a loopback port that counts every TCP connection it accepts (before TLS), so a test can prove that a
/// refused download never connected. Each request is answered by a script that writes raw HTTP/1.1 to the TLS stream.
/// </summary>
public sealed class LoopbackTlsServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly X509Certificate2 _certificate = Certificate();
    private readonly Func<Stream, CancellationToken, Task> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    public LoopbackTlsServer(Func<Stream, CancellationToken, Task> answer, IPAddress? address = null)
    {
        _answer = answer;
        _listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>TCP connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>A script that answers <paramref name="head"/> (status line and headers) and then <paramref name="body"/>.</summary>
    public static Func<Stream, CancellationToken, Task> Respond(string head, byte[]? body = null) => async (stream, ct) =>
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ReplaceLineEndings("\r\n").TrimEnd() + "\r\n\r\n"), ct);
        if (body is not null)
        {
            await stream.WriteAsync(body, ct);
        }

        await stream.FlushAsync(ct);
    };

    /// <summary>Makes <paramref name="handler"/> trust this server's throw-away certificate (and only it).</summary>
    public void Trust(SocketsHttpHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var thumbprint = _certificate.GetCertHashString();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException or OperationCanceledException)
        {
            // Stopping the listener ends the accept loop.
        }

        _certificate.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                await ReadRequestHeadAsync(tls, _stop.Token);
                await _answer(tls, _stop.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
            {
                // The client gave up (a refusal or a time limit): that is what the tests look at.
            }
        }
    }

    private static async Task ReadRequestHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var seen = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one, cancellationToken) == 1)
        {
            seen.Add(one[0]);
            if (seen.Count >= 4 && seen[^4] == '\r' && seen[^3] == '\n' && seen[^2] == '\r' && seen[^1] == '\n')
            {
                return;
            }
        }
    }

    private static X509Certificate2 Certificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        // Linux SslStream needs a certificate whose key is exportable: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
