using System.Globalization;

namespace FinanceFlow.Testing;

/// <summary>A private Azurite (Blob, Queue, Table) on free loopback ports with a fresh data folder; use as a class or collection fixture.</summary>
public sealed class AzuriteProcess : IAsyncLifetime
{
    /// <summary>The well-known development storage account key Azurite accepts.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int StartAttempts = 3;
    private ChildProcess? _process;

    public string Location { get; } = Path.Combine(Path.GetTempPath(), "financeflow-azurite-" + Guid.NewGuid().ToString("N"));

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    /// <summary>A full connection string for all three services (not <c>UseDevelopmentStorage=true</c>, which means the default ports).</summary>
    public string ConnectionString => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};"
        + $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;"
        + $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;");

    /// <summary>Where Azurite is: <c>AZURITE_PATH</c>, else the repository's <c>.tools/node_modules/.bin/azurite</c>.</summary>
    public static string Executable()
    {
        var configured = Environment.GetEnvironmentVariable("AZURITE_PATH");
        var path = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(RepoPaths.Root, ".tools", "node_modules", ".bin", "azurite")
            : configured;
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException(
                $"Azurite is not installed at {path}: run ./test.sh or npm install --prefix .tools azurite@3.37.0 (or set AZURITE_PATH).");
    }

    /// <summary>
    /// Where Azurite writes its debug log (<c>--debug</c>): every request with its method, URL, headers, operation and status,
    /// read by <see cref="AzuriteRequestLog"/>. Unset: no log. Set before <see cref="InitializeAsync"/>; the file is the caller's to delete.
    /// </summary>
    public string? RequestLogPath { get; init; }

    /// <summary>True between <see cref="StopAsync"/> and <see cref="StartAgainAsync"/>: storage is unavailable.</summary>
    public bool IsStopped { get; private set; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Location);
        for (var attempt = 1; ; attempt++)
        {
            BlobPort = FreePort.Get();
            QueuePort = FreePort.Get();
            TablePort = FreePort.Get();
            if (await StartOnPortsAsync())
            {
                return;
            }

            // Most likely a port was taken between choosing and binding it: try other ports.
            var output = _process!.Output;
            _process.Dispose();
            if (attempt == StartAttempts)
            {
                throw new InvalidOperationException($"Azurite exited during start-up: {output}");
            }
        }
    }

    /// <summary>A storage outage: Azurite stops cleanly (SIGTERM, its data saved); clients get connection refused until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(TimeSpan.FromSeconds(20));
            _process.Dispose();
            _process = null;
        }

        IsStopped = true;
    }

    /// <summary>Storage comes back: Azurite starts again on the same ports and the same data.</summary>
    public async Task StartAgainAsync()
    {
        if (!await StartOnPortsAsync())
        {
            throw new InvalidOperationException($"Azurite did not start again on ports {BlobPort}/{QueuePort}/{TablePort}: {_process?.Output}");
        }

        IsStopped = false;
    }

    public Task DisposeAsync()
    {
        _process?.Dispose();
        try
        {
            Directory.Delete(Location, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }

        return Task.CompletedTask;
    }

    private async Task<bool> StartOnPortsAsync()
    {
        string[] requestLog = RequestLogPath is null ? [] : ["--debug", RequestLogPath];
        _process = ChildProcess.Start(Executable(), [
            "--silent", "--location", Location, "--skipApiVersionCheck", "--loose",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", Port(BlobPort), "--queuePort", Port(QueuePort), "--tablePort", Port(TablePort), .. requestLog]);
        var process = _process;
        await WaitFor.ConditionAsync(
            async () => process.HasExited
                || (await FreePort.IsListeningAsync(BlobPort) && await FreePort.IsListeningAsync(QueuePort) && await FreePort.IsListeningAsync(TablePort)),
            TimeSpan.FromSeconds(30),
            $"Azurite to listen on ports {BlobPort}/{QueuePort}/{TablePort}");
        return !process.HasExited;
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
