using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using FinanceFlow.Benchmarks.StorageRequests;
using FinanceFlow.Testing;

namespace FinanceFlow.Benchmarks.ScaleOut;

/// <summary>
/// The <c>scale-out</c> command: reports posted per second with one self-host process, then with two on one task hub (the same
/// storage and hub name, each its default WorkerId), on the same Azurite, hledger-web and machine; a fresh task hub per phase.
/// Each phase waits until every process holds partitions, sends warm-up reports, then times N signed webhooks (spread evenly over
/// the processes' intake endpoints) from the first send until every run has completed, and checks each report ended Posted.
/// </summary>
internal sealed class ScaleOutRun(ScaleOutSettings settings, TextWriter log)
{
    private static readonly CounterProfile Sample = CounterProfile.For("01");
    private readonly Stopwatch _clock = new();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        _clock.Start();
        var azurite = new AzuriteProcess();
        var ledgers = new CounterLedgers(governed: false);
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        try
        {
            await azurite.InitializeAsync();
            await ledgers.StartAsync();
            var one = await PhaseAsync(1, azurite, ledgers, secret, cancellationToken);
            var two = await PhaseAsync(2, azurite, ledgers, secret, cancellationToken);
            log.WriteLine();
            log.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"scale-out {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: {settings.Reports} reports per phase ({Sample.Name}), offered at {settings.Rate:0.#}/s, "
                + $"{settings.InFlight} in flight per process; machine {BenchmarkMachine.Describe()}"));
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  1 process:   {one:0.00} reports posted/s"));
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  2 processes: {two:0.00} reports posted/s ({two / one:0.00}x)"));
            return 0;
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            log.WriteLine($"FAILED: {ex.Message}");
            return 1;
        }
        finally
        {
            await ledgers.DisposeAsync();
            await azurite.DisposeAsync();
        }
    }

    /// <summary>One phase on a fresh hub: the rate at which <paramref name="processes"/> processes post the timed reports.</summary>
    private async Task<double> PhaseAsync(int processes, AzuriteProcess azurite, CounterLedgers ledgers, string secret, CancellationToken cancellationToken)
    {
        var hub = string.Create(CultureInfo.InvariantCulture, $"scale{processes}x{Guid.NewGuid().ToString("N")[..8]}");
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["FinanceFlow__SelfHost__TaskHubName"] = hub,
            ["FinanceFlow__Sources__canonical__WebhookSecret"] = secret,
        };
        ledgers.Configure(environment);
        var hosts = Enumerable.Range(0, processes).Select(_ => new SelfHostProcess(environment)).ToList();
        var traffic = new List<CounterTraffic>();
        try
        {
            Say($"{processes} process(es) on hub {hub}: starting");
            await Task.WhenAll(hosts.Select(h => h.StartAsync()));
            traffic.AddRange(hosts.Select(h => new CounterTraffic(h.BaseAddress, secret)));
            var workers = hosts.Select(h => h.WorkerId).ToList();
            IReadOnlyDictionary<string, string?> owners = new Dictionary<string, string?>();
            await WaitFor.ConditionAsync(
                async () => workers.All((owners = await PartitionLeases.OwnersAsync(azurite.ConnectionString, hub, cancellationToken)).Values.Contains),
                TimeSpan.FromMinutes(2),
                "every process to hold a partition");
            Say($"partitions: {string.Join(", ", owners.Select(o => $"{o.Key}={o.Value}"))}");

            var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
            await SendAndWaitAsync(traffic, $"SCL-{tag}-W", settings.Warmup * processes, cancellationToken);
            var timed = Stopwatch.StartNew();
            await SendAndWaitAsync(traffic, $"SCL-{tag}-R", settings.Reports, cancellationToken);
            timed.Stop();
            var rate = settings.Reports / timed.Elapsed.TotalSeconds;
            Say($"{settings.Reports} reports posted in {timed.Elapsed.TotalSeconds:0.0} s: {rate:0.00}/s");
            return rate;
        }
        finally
        {
            traffic.ForEach(t => t.Dispose());
            hosts.ForEach(h => h.Dispose());
        }
    }

    /// <summary>Sends the reports round-robin over the processes' intake endpoints and waits until each ended Posted.</summary>
    private async Task SendAndWaitAsync(IReadOnlyList<CounterTraffic> traffic, string idPrefix, int count, CancellationToken cancellationToken)
    {
        var reports = Enumerable.Range(1, count)
            .Select(n => string.Create(CultureInfo.InvariantCulture, $"{idPrefix}{n:0000}"))
            .Select(id => (Id: id, Body: Sample.Report(id, receiptUrl: null)))
            .ToList();
        await Task.WhenAll(traffic.Select((t, i) => t.SendAsync(
            reports.Where((_, n) => n % traffic.Count == i).ToList(), settings.Rate / traffic.Count, settings.InFlight, cancellationToken)));
        var notPosted = await traffic[0].WaitUntilFinishedAsync(idPrefix, reports.Select(r => r.Id), settings.RunTimeout, cancellationToken);
        if (notPosted.Count > 0)
        {
            throw new InvalidOperationException($"{notPosted.Count} of {count} reports did not end Posted: {string.Join("\n", notPosted.Take(5))}");
        }
    }

    private void Say(string line) => log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {line}"));
}
