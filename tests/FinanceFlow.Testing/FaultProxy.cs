using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FinanceFlow.Testing;

/// <summary>What <see cref="FaultProxy"/> does to the answer of a request it was told to fail.</summary>
public enum ProxyFault
{
    /// <summary>The request reaches the server; when its answer comes, the client's connection is reset (RST) instead.</summary>
    DropAnswer,

    /// <summary>The request reaches the server; its answer is never passed on, so the client times out.</summary>
    HoldAnswer,

    /// <summary>The request never reaches the server: once the client sent it, its connection is reset. The client cannot tell this from <see cref="DropAnswer"/>.</summary>
    DropRequest,
}

/// <summary>
/// A TCP proxy in front of a real HTTP server (hledger-web) that lets requests through and loses chosen answers (the server has
/// done the work, the client never hears of it) or chosen requests. Real sockets, so the client's HTTP stack behaves as it would on a
/// real network.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _targetPort;
    private readonly Lock _gate = new();
    private readonly List<(string Prefix, ProxyFault Fault)> _pending = [];
    private readonly List<string> _requests = [];
    private readonly Task _accepting;
    private Func<string, ProxyFault?>? _chooser;
    private int _faults;
    private int _connections;

    public FaultProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string BaseUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    /// <summary>Every request line passed to the server, e.g. <c>PUT /add HTTP/1.1</c>, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>How many client connections were accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>How many answers were lost so far.</summary>
    public int Faults => Volatile.Read(ref _faults);

    /// <summary>The answer to the next request whose request line starts with <paramref name="requestPrefix"/> (e.g. <c>PUT /add</c>) is lost.</summary>
    public void FailNext(string requestPrefix, ProxyFault fault)
    {
        lock (_gate)
        {
            _pending.Add((requestPrefix, fault));
        }
    }

    /// <summary>
    /// From now on, each request without a planned fault gets the fault <paramref name="chooser"/> picks for its request line
    /// (null: passed through), e.g. at random for a chaos run.
    /// </summary>
    public void FailWith(Func<string, ProxyFault?> chooser)
    {
        lock (_gate)
        {
            _chooser = chooser;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                var connection = new Connection();
                var upstream = PumpRequestsAsync(client, server.GetStream(), connection);
                var downstream = PumpAnswersAsync(server.GetStream(), client, connection);
                await Task.WhenAny(upstream, downstream);
                if (connection.Fault == ProxyFault.HoldAnswer)
                {
                    // Keep the client waiting until it gives up and closes its side.
                    await upstream;
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A reset or a stop ends this connection; the test looks at what reached the server.
            }
        }
    }

    private async Task PumpRequestsAsync(TcpClient client, NetworkStream to, Connection connection)
    {
        var from = client.GetStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            // HttpClient writes a request's head in one piece and never pipelines: a chunk starting with a method is a new request.
            var text = Encoding.ASCII.GetString(buffer, 0, Math.Min(read, 200));
            if (text.Length > 0 && char.IsAsciiLetterUpper(text[0]) && text.Contains(" HTTP/1.", StringComparison.Ordinal))
            {
                var line = text[..text.IndexOf('\r', StringComparison.Ordinal)];
                lock (_gate)
                {
                    _requests.Add(line);
                    var index = _pending.FindIndex(p => line.StartsWith(p.Prefix, StringComparison.Ordinal));
                    connection.Planned = index < 0 ? _chooser?.Invoke(line) : _pending[index].Fault;
                    if (index >= 0)
                    {
                        _pending.RemoveAt(index);
                    }
                }
            }

            if (connection.Planned == ProxyFault.DropRequest)
            {
                connection.Fault = ProxyFault.DropRequest;
                Interlocked.Increment(ref _faults);
                Reset(client);
                return;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    private static void Reset(TcpClient client)
    {
        client.Client.LingerState = new LingerOption(true, 0);
        client.Client.Close();
    }

    private async Task PumpAnswersAsync(NetworkStream from, TcpClient client, Connection connection)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            if (connection.Planned is { } fault)
            {
                // The server answered, so it has done the work; the client must not learn of it.
                connection.Fault = fault;
                Interlocked.Increment(ref _faults);
                if (fault == ProxyFault.DropAnswer)
                {
                    Reset(client);
                }

                return;
            }

            await client.GetStream().WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    private sealed class Connection
    {
        public ProxyFault? Planned { get; set; }

        public ProxyFault? Fault { get; set; }
    }
}
