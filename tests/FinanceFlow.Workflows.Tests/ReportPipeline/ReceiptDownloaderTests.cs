using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using FinanceFlow.Core.Attachments;
using FinanceFlow.Core.Configuration;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.ReportPipeline;

namespace FinanceFlow.Workflows.Tests.ReportPipeline;

/// <summary>Receipt downloads over real sockets: a loopback TLS server that counts connections shows what was never contacted.</summary>
public sealed class ReceiptDownloaderTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    private static readonly Func<Stream, CancellationToken, Task> ServesPng =
        LoopbackTlsServer.Respond($"HTTP/1.1 200 OK\nContent-Type: image/png\nContent-Length: {Png.Length}\nConnection: close", Png);

    [Fact]
    public async Task DownloadAsync_LoopbackAllowedForTests_FetchesTheReceipt()
    {
        await using var server = new LoopbackTlsServer(ServesPng);

        var result = await Downloader(server, ["127.0.0.1"], allowLoopback: true).DownloadAsync("canonical", Url("127.0.0.1", server), CancellationToken.None);

        Assert.Null(result.RefusalCode);
        Assert.Equal(Png, result.Content);
        Assert.Equal(1, server.Connections);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("[::ffff:127.0.0.1]")]
    public async Task DownloadAsync_LoopbackHostOnTheAllowList_RefusedWithoutConnecting(string host)
    {
        await using var server = new LoopbackTlsServer(ServesPng);

        var result = await Downloader(server, [host.Trim('[', ']')], allowLoopback: false).DownloadAsync("canonical", Url(host, server), CancellationToken.None);

        Assert.Equal(ReceiptFindings.AddressNotAllowed, result.RefusalCode);
        Assert.Null(result.Content);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task DownloadAsync_IPv6Loopback_RefusedWithoutConnecting()
    {
        await using var server = new LoopbackTlsServer(ServesPng, IPAddress.IPv6Loopback);

        var result = await Downloader(server, ["::1"], allowLoopback: false).DownloadAsync("canonical", Url("[::1]", server), CancellationToken.None);

        Assert.Equal(ReceiptFindings.AddressNotAllowed, result.RefusalCode);
        Assert.Equal(0, server.Connections);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("[fd00::1]")]
    [InlineData("[fe80::1]")]
    [InlineData("[::ffff:169.254.169.254]")]
    public async Task DownloadAsync_InsideAddress_RefusedBeforeAnyConnection(string host)
    {
        // Even with loopback allowed for tests: private, link-local and metadata addresses stay refused.
        var clock = Stopwatch.StartNew();

        var result = await Downloader(null, [host.Trim('[', ']')], allowLoopback: true).DownloadAsync("canonical", new Uri($"https://{host}/receipt.png"), CancellationToken.None);

        Assert.Equal(ReceiptFindings.AddressNotAllowed, result.RefusalCode);
        Assert.DoesNotContain("could not be reached", result.Reason, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"refused after {clock.Elapsed}: a connection was attempted");
    }

    [Fact]
    public async Task DownloadAsync_RedirectToAnAllowedHost_RefusedAndTheTargetNeverContacted()
    {
        await using var target = new LoopbackTlsServer(ServesPng);
        await using var redirector = new LoopbackTlsServer(LoopbackTlsServer.Respond(
            $"HTTP/1.1 302 Found\nLocation: https://127.0.0.1:{target.Port}/receipt.png\nContent-Length: 0\nConnection: close"));

        var result = await Downloader(redirector, ["localhost", "127.0.0.1"], allowLoopback: true).DownloadAsync("canonical", Url("localhost", redirector), CancellationToken.None);

        Assert.Equal(ReceiptFindings.Redirected, result.RefusalCode);
        Assert.Contains("302", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(target.Port.ToString(CultureInfo.InvariantCulture), result.Reason, StringComparison.Ordinal);
        Assert.Equal(1, redirector.Connections);
        Assert.Equal(0, target.Connections);
    }

    [Fact]
    public async Task DownloadAsync_HostNotOnTheAllowList_RefusedWithoutConnecting()
    {
        await using var server = new LoopbackTlsServer(ServesPng);

        var result = await Downloader(server, ["receipts.example.com", "*.expensify.com"], allowLoopback: true).DownloadAsync("canonical", Url("127.0.0.1", server), CancellationToken.None);

        Assert.Equal(ReceiptFindings.HostNotAllowed, result.RefusalCode);
        Assert.Contains("FinanceFlow:Sources:canonical:ReceiptHosts", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task DownloadAsync_SourceWithoutReceiptHosts_DownloadsNothingAndSaysWhichSettingIsEmpty()
    {
        await using var server = new LoopbackTlsServer(ServesPng);

        var result = await Downloader(server, [], allowLoopback: true).DownloadAsync("canonical", Url("127.0.0.1", server), CancellationToken.None);

        Assert.Equal(ReceiptFindings.DownloadsOff, result.RefusalCode);
        Assert.Contains("FinanceFlow:Sources:canonical:ReceiptHosts lists no host", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task DownloadAsync_AnnouncedLengthOverTheLimit_RefusedWithoutReadingTheBody()
    {
        // Headers only: a client that went on reading would wait for the body until the time limit.
        await using var server = new LoopbackTlsServer(async (stream, ct) =>
        {
            await LoopbackTlsServer.Respond($"HTTP/1.1 200 OK\nContent-Type: application/pdf\nContent-Length: {ReceiptContent.MaxBytes + 1}")(stream, ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        var clock = Stopwatch.StartNew();

        var result = await Downloader(server, ["127.0.0.1"], allowLoopback: true, timeoutSeconds: 20).DownloadAsync("canonical", Url("127.0.0.1", server), CancellationToken.None);

        Assert.Equal(ReceiptFindings.TooLarge, result.RefusalCode);
        Assert.Contains("10 MiB", result.Reason, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task DownloadAsync_BodyOverTheLimitWithoutALength_RefusedOnceTheCapIsPassed()
    {
        var body = new byte[ReceiptContent.MaxBytes + (256 * 1024)];
        "%PDF-"u8.CopyTo(body);
        await using var server = new LoopbackTlsServer(LoopbackTlsServer.Respond("HTTP/1.1 200 OK\nContent-Type: application/pdf\nConnection: close", body));

        var result = await Downloader(server, ["127.0.0.1"], allowLoopback: true).DownloadAsync("canonical", Url("127.0.0.1", server), CancellationToken.None);

        Assert.Equal(ReceiptFindings.TooLarge, result.RefusalCode);
        Assert.Null(result.Content);
    }

    [Fact]
    public async Task DownloadAsync_SlowBody_RefusedAtTheTimeLimit()
    {
        await using var server = new LoopbackTlsServer(async (stream, ct) =>
        {
            await LoopbackTlsServer.Respond("HTTP/1.1 200 OK\nContent-Type: image/png\nContent-Length: 1000", Png)(stream, ct);
            while (true)
            {
                await Task.Delay(200, ct);
                await stream.WriteAsync(new byte[] { 0 }, ct);
                await stream.FlushAsync(ct);
            }
        });
        var clock = Stopwatch.StartNew();

        var result = await Downloader(server, ["127.0.0.1"], allowLoopback: true, timeoutSeconds: 1).DownloadAsync("canonical", Url("127.0.0.1", server), CancellationToken.None);

        Assert.Equal(ReceiptFindings.TimedOut, result.RefusalCode);
        Assert.Contains("within 1 s", result.Reason, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task DownloadAsync_ErrorStatus_NamesHostAndStatusButNotTheAnswer()
    {
        var page = Encoding.ASCII.GetBytes("internal admin console: db password hunter2");
        await using var server = new LoopbackTlsServer(LoopbackTlsServer.Respond(
            $"HTTP/1.1 500 Internal Server Error\nX-Debug: leaked-header\nContent-Length: {page.Length}\nConnection: close", page));

        var result = await Downloader(server, ["127.0.0.1"], allowLoopback: true).DownloadAsync("canonical", Url("127.0.0.1", server), CancellationToken.None);

        Assert.Equal(ReceiptFindings.Unavailable, result.RefusalCode);
        Assert.Equal("host '127.0.0.1' answered 500", result.Reason);
    }

    [Fact]
    public async Task DownloadAsync_PlainHttp_Refused()
    {
        await using var server = new LoopbackTlsServer(ServesPng);

        var result = await Downloader(server, ["127.0.0.1"], allowLoopback: true)
            .DownloadAsync("canonical", new Uri($"http://127.0.0.1:{server.Port}/receipt.png"), CancellationToken.None);

        Assert.Equal(ReceiptFindings.NotHttps, result.RefusalCode);
        Assert.Equal(0, server.Connections);
    }

    private static Uri Url(string host, LoopbackTlsServer server) =>
        new(string.Create(CultureInfo.InvariantCulture, $"https://{host}:{server.Port}/receipt.png"));

    private static ReceiptDownloader Downloader(LoopbackTlsServer? server, string[] hosts, bool allowLoopback, int timeoutSeconds = 10)
    {
        var settings = new ReceiptFetchSettings { AllowLoopback = allowLoopback, TimeoutSeconds = timeoutSeconds };
        var handler = ReceiptConnections.CreateHandler(settings);
        server?.Trust(handler);
        var options = new FinanceFlowOptions
        {
            Sources = new(StringComparer.OrdinalIgnoreCase) { ["canonical"] = new SourceSettings { ReceiptHosts = [.. hosts] } },
        };
        return new ReceiptDownloader(new HttpClient(handler), new StaticOptions<FinanceFlowOptions>(options), new StaticOptions<ReceiptFetchSettings>(settings));
    }
}
