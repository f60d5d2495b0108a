using System.Net;
using System.Net.Sockets;
using FinanceFlow.Core.Attachments;

namespace FinanceFlow.Workflows.ReportPipeline;

/// <summary>
/// The connections receipt downloads go through. The address is checked on the connection itself: the host name is resolved
/// here, the addresses <see cref="OutboundAddress"/> refuses are dropped, and the socket connects to one that is left, so a name
/// that resolves to a public address when checked and to 127.0.0.1 when connected (DNS rebinding) never reaches the inside.
/// No redirects, no proxy (it would make the proxy the connected address), no cookies, no decompression (the size cap is on the wire).
/// </summary>
public static class ReceiptConnections
{
    /// <summary>The primary handler of the receipt client.</summary>
    public static SocketsHttpHandler CreateHandler(ReceiptFetchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var allowLoopback = settings.AllowLoopback;
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(10, settings.TimeoutSeconds)),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxResponseHeadersLength = 64,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowLoopback, cancellationToken),
        };
    }

    /// <summary>Resolves <paramref name="endpoint"/>, keeps the addresses a receipt may come from and connects to the first that answers.</summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowLoopback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        var allowed = addresses.Where(a => OutboundAddress.MayConnect(a, allowLoopback)).ToList();
        if (allowed.Count == 0)
        {
            throw new ReceiptAddressRefusedException(endpoint.Host);
        }

        SocketException? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }
}
