using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FinanceFlow.Testing;

/// <summary>A private hledger-web (<c>--serve-api</c>) on a free port with its own temp journal, plus the hledger CLI to check that journal.</summary>
public sealed class HledgerWebProcess : IAsyncLifetime
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "financeflow-hledger-" + Guid.NewGuid().ToString("N"));
    private ChildProcess? _process;

    /// <summary>An empty journal (xunit builds class fixtures through their one parameterless constructor).</summary>
    public HledgerWebProcess()
    {
        JournalPath = Path.Combine(_folder, "ledger.journal");
    }

    /// <summary>Journal text to start with, e.g. a chart of accounts (<c>account</c> directives); set before <see cref="InitializeAsync"/>.</summary>
    public string Preamble { get; init; } = string.Empty;

    public int Port { get; private set; }

    public string BaseUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    public string JournalPath { get; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(JournalPath, "; FinanceFlow integration test journal, written by hledger-web\n" + Preamble + "\n", Encoding.UTF8);
        Port = FreePort.Get();
        await StartAsync();
    }

    /// <summary>Starts (again) on the same port and journal, and waits for <c>GET /version</c>.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        _process?.Dispose();
        _process = ChildProcess.Start("hledger-web", [
            "--serve-api", "--host", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "-f", JournalPath]);
        var process = _process;
        await WaitFor.ConditionAsync(
            async () => process.HasExited || await AnswersVersionAsync(),
            TimeSpan.FromSeconds(30),
            $"hledger-web to answer GET {BaseUrl}/version");
        if (process.HasExited)
        {
            throw new InvalidOperationException("hledger-web exited during start-up (is it installed? apt-get install hledger-web): " + process.Output);
        }
    }

    /// <summary>Stops the server (for outage tests); the journal stays.</summary>
    public void Stop()
    {
        _process?.Dispose();
        _process = null;
    }

    /// <summary>Runs <c>hledger -f JournalPath …</c>.</summary>
    public Task<(int ExitCode, string StdOut, string StdErr)> RunHledgerAsync(params string[] args) =>
        ChildProcess.RunAsync("hledger", ["-f", JournalPath, .. args], TimeSpan.FromSeconds(60));

    /// <summary><c>hledger bal -O json</c>; fails when the journal does not parse.</summary>
    public async Task<JsonDocument> BalanceJsonAsync()
    {
        var (exitCode, stdout, stderr) = await RunHledgerAsync("bal", "-O", "json");
        return exitCode == 0 ? JsonDocument.Parse(stdout) : throw new InvalidOperationException($"hledger bal failed ({exitCode}): {stderr}");
    }

    /// <summary>How many transactions carry exactly this code, read from the file by the CLI.</summary>
    public async Task<int> CountTransactionsWithCodeAsync(string code)
    {
        var (exitCode, stdout, stderr) = await RunHledgerAsync("print", "-O", "json", $"code:^{EscapeRegex(code)}$");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"hledger print failed ({exitCode}): {stderr}");
        }

        using var transactions = JsonDocument.Parse(stdout);
        return transactions.RootElement.EnumerateArray().Count(t => t.GetProperty("tcode").GetString() == code);
    }

    public Task DisposeAsync()
    {
        Stop();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }

        return Task.CompletedTask;
    }

    private static string EscapeRegex(string value)
    {
        var escaped = new StringBuilder(value.Length * 2);
        foreach (var c in value)
        {
            if ("\\^$.|?*+()[]{}".Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private async Task<bool> AnswersVersionAsync()
    {
        try
        {
            using var response = await Probe.GetAsync(new Uri(BaseUrl + "/version"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
