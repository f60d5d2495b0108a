using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace FinanceFlow.Testing;

/// <summary>The self-host run as users run it: <c>dotnet FinanceFlow.SelfHost.dll</c> with environment settings, on a free port.</summary>
public sealed class SelfHostProcess(IReadOnlyDictionary<string, string> environment) : IDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly StringBuilder _output = new();
    private Process? _process;

    public int Port { get; } = FreePort.Get();

    public Uri BaseAddress => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}"));

    /// <summary>The name the running process holds partition leases under: the default WorkerId, machine name and process id.</summary>
    public string WorkerId => _process is { } process
        ? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{process.Id}")
        : throw new InvalidOperationException("The self-host is not running.");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The build output of src/FinanceFlow.SelfHost in the configuration these tests were built in.</summary>
    public static string Assembly()
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var path = Path.Combine(RepoPaths.Root, "src", "FinanceFlow.SelfHost", "bin", configuration, "net10.0", "FinanceFlow.SelfHost.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"Build src/FinanceFlow.SelfHost first: {path} is missing.");
    }

    /// <summary>Starts the process and waits until <c>/health</c> says the Durable worker runs.</summary>
    public async Task StartAsync()
    {
        var dll = Assembly();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        // Bearer tokens signed with the test run's development key, as run.sh sets it up; a fixture may set its own.
        foreach (var (name, value) in TestIdentity.Settings("__"))
        {
            start.Environment.TryAdd(name, value);
        }

        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        await WaitFor.ConditionAsync(
            async () => process.HasExited || (await Probe.GetAsync(new Uri(BaseAddress, "/health"))).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(90),
            $"the self-host on {BaseAddress} to report healthy");
        if (process.HasExited)
        {
            throw new InvalidOperationException($"The self-host exited with {process.ExitCode}: {Output}");
        }
    }

    /// <summary>SIGKILL, no graceful shutdown: what a crash or an OOM kill does.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose() => Kill();

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
