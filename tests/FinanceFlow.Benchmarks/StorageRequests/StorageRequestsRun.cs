using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using FinanceFlow.Emulators.Receipts;
using FinanceFlow.Testing;

namespace FinanceFlow.Benchmarks.StorageRequests;

/// <summary>
/// The <c>storage-requests</c> command: counts the storage requests one posted report costs. Starts Azurite on a fresh folder with its
/// request log (<c>--debug</c>), hledger-web and the self-host process as users run it; sends warm-up reports and waits until they
/// finished and the host is quiet; counts an idle window; sends N reports as signed webhooks and waits until every one is Posted and
/// the host is quiet again; then reads the log and prints requests per posted report by kind and by operation and resource, the idle
/// window's rate subtracted. The count does not depend on the machine's speed, only on what the pipeline does per report (and a little
/// on how reports batch together in the engine's queues, so the rate is an option).
/// </summary>
internal sealed class StorageRequestsRun(StorageRequestsSettings settings, TextWriter log)
{
    /// <summary>Fixed: the Azurite folder is fresh each run, and the hub's names then read the same in every breakdown.</summary>
    public const string TaskHub = "counter";

    private readonly Stopwatch _clock = new();
    private readonly CounterProfile _profile = CounterProfile.For(settings.Sample);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        _clock.Start();
        var logPath = settings.LogPath ?? Path.Combine(Path.GetTempPath(), $"financeflow-azurite-requests-{Guid.NewGuid():N}.log");
        var azurite = new AzuriteProcess { RequestLogPath = logPath };
        var ledgers = new CounterLedgers(_profile.Governed);
        using var receipts = _profile.Governed ? new ReceiptServer() : null;
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        SelfHostProcess? host = null;
        try
        {
            await azurite.InitializeAsync();
            await ledgers.StartAsync();
            host = new SelfHostProcess(Environment(azurite, ledgers, receipts, secret));
            Say($"{_profile.Name}; Azurite on {azurite.BlobPort}-{azurite.TablePort} logging requests to {logPath}; starting the self-host");
            await host.StartAsync();
            using var traffic = new CounterTraffic(host.BaseAddress, secret);
            if (_profile.Governed)
            {
                await ledgers.LoadMasterDataAsync(traffic, cancellationToken);
                Say("master data synced, US01 and DE01 mappings approved");
            }

            var receiptUrl = receipts is null ? null : new Uri(receipts.UrlFor("week-receipts.pdf"));
            var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
            if (settings.Warmup > 0)
            {
                await SendAndWaitAsync(traffic, $"CTR-{tag}-W", settings.Warmup, receiptUrl, cancellationToken);
                Say($"{settings.Warmup} warm-up report(s) posted; quiet for {settings.SettleSeconds} s");
            }

            await Task.Delay(TimeSpan.FromSeconds(settings.SettleSeconds), cancellationToken);
            var idleStart = DateTimeOffset.UtcNow;
            await Task.Delay(TimeSpan.FromSeconds(settings.IdleSeconds), cancellationToken);
            var idle = new CountWindow(idleStart, DateTimeOffset.UtcNow);
            Say($"idle window {idle.Seconds:0.0} s counted; sending {settings.Reports} reports at {settings.Rate:0.#}/s, {settings.InFlight} in flight");

            var runStart = DateTimeOffset.UtcNow;
            await SendAndWaitAsync(traffic, $"CTR-{tag}-R", settings.Reports, receiptUrl, cancellationToken);
            Say($"all {settings.Reports} reports Posted and their runs completed after {(DateTimeOffset.UtcNow - runStart).TotalSeconds:0.0} s; quiet for {settings.SettleSeconds} s");
            await Task.Delay(TimeSpan.FromSeconds(settings.SettleSeconds), cancellationToken);
            var run = new CountWindow(runStart, DateTimeOffset.UtcNow);

            // Stopped before the log is read: Azurite writes its last lines when it stops.
            host.Kill();
            await azurite.StopAsync();
            var requests = AzuriteRequestLog.Read(logPath);
            var tally = StorageRequestTally.Count(requests, idle, run, settings.Reports, traffic.OwnTraceId, traffic.IntakeTraceId);
            log.WriteLine();
            log.WriteLine(Header());
            log.Write(tally.ToString());
            return 0;
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException && host is not null)
        {
            var output = host!.Output;
            log.WriteLine($"FAILED: {ex.Message}\nself-host log (tail):\n{output[Math.Max(0, output.Length - 4000)..]}");
            return 1;
        }
        finally
        {
            host?.Dispose();
            await ledgers.DisposeAsync();
            await azurite.DisposeAsync();
            if (settings.LogPath is null)
            {
                File.Delete(logPath);
            }
        }
    }

    private async Task SendAndWaitAsync(CounterTraffic traffic, string idPrefix, int count, Uri? receiptUrl, CancellationToken cancellationToken)
    {
        var reports = Enumerable.Range(1, count)
            .Select(n => string.Create(CultureInfo.InvariantCulture, $"{idPrefix}{n:0000}"))
            .Select(id => (Id: id, Body: _profile.Report(id, receiptUrl)))
            .ToList();
        await traffic.SendAsync(reports, settings.Rate, settings.InFlight, cancellationToken);
        var notPosted = await traffic.WaitUntilFinishedAsync(idPrefix, reports.Select(r => r.Id), settings.RunTimeout, cancellationToken);
        if (notPosted.Count > 0)
        {
            throw new InvalidOperationException($"{notPosted.Count} of {count} reports did not end Posted, so nothing is counted: {string.Join("\n", notPosted.Take(5))}");
        }
    }

    private Dictionary<string, string> Environment(AzuriteProcess azurite, CounterLedgers ledgers, ReceiptServer? receipts, string secret)
    {
        // The engine's settings stay at their defaults (4 partitions, 1 s longest poll interval, extended sessions): what is counted
        // is what a deployment pays. No schedule is set (watchdog, reconciliation, syncs), so the idle window is the engine alone.
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["FinanceFlow__SelfHost__TaskHubName"] = TaskHub,
            ["FinanceFlow__Sources__canonical__WebhookSecret"] = secret,
        };
        ledgers.Configure(settings);
        if (receipts is not null)
        {
            // The receipt host runs on this machine: loopback receipts are allowed, which the self-host accepts only in Development.
            settings["SSL_CERT_FILE"] = receipts.CertificateFile;
            settings["ASPNETCORE_ENVIRONMENT"] = "Development";
            settings["FinanceFlow__Receipts__AllowLoopback"] = "true";
            settings["FinanceFlow__Sources__canonical__ReceiptHosts__0"] = receipts.Host;
        }

        return settings;
    }

    private string Header() => string.Create(
        CultureInfo.InvariantCulture,
        $"storage-requests {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: {settings.Reports} reports posted, {_profile.Name}, {settings.Rate:0.#}/s, "
        + $"{settings.InFlight} in flight; machine {BenchmarkMachine.Describe()}");

    private void Say(string line) => log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {line}"));
}
