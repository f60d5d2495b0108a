using System.Net;
using System.Net.Sockets;

namespace FinanceFlow.Testing;

/// <summary>Finds a TCP port on the loopback interface that nothing listens on.</summary>
public static class FreePort
{
    /// <summary>A port the OS just handed out; bind it soon, another process could take it.</summary>
    public static int Get()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>True when something accepts connections on the loopback port.</summary>
    public static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
