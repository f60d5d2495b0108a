using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using FinanceFlow.Benchmarks.StorageRequests;
using FinanceFlow.Emulators.Receipts;
using FinanceFlow.Testing;

namespace FinanceFlow.Benchmarks.Ceiling;

/// <summary>
/// The <c>ceiling</c> command (issue 16, item 3): on one Azurite it starts itself, the engine's ceiling and FinanceFlow side by side.
/// First a bare Durable Task Framework orchestration of three no-op activities, N instances started as fast as the in-flight bound
/// allows (<see cref="BareEngineRun"/>, in this process, engine built by the self-host's own factory); the bare worker is stopped.
/// Then the self-host process as users run it (the <c>storage-requests</c> machinery: hledger-web, signed webhooks) gets the same
/// N reports as fast as allowed; every one must end Posted. Both rates are taken from the first start to the last run done, and
/// their ratio printed. Last, intake latency: webhooks on an open-loop schedule at a rate the pipeline sustains.
/// </summary>
internal sealed class CeilingRun(CeilingSettings settings, TextWriter log)
{
    private readonly Stopwatch _clock = new();
    private readonly CounterProfile _profile = CounterProfile.For(settings.Sample);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        _clock.Start();
        var loadAtStart = BenchmarkMachine.LoadAverage();
        var azurite = new AzuriteProcess();
        var ledgers = new CounterLedgers(_profile.Governed);
        using var receipts = _profile.Governed ? new ReceiptServer() : null;
        var receiptUrl = receipts is null ? null : new Uri(receipts.UrlFor("week-receipts.pdf"));
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        SelfHostProcess? host = null;
        CounterTraffic? traffic = null;
        try
        {
            await azurite.InitializeAsync();
            var rounds = new List<CeilingRound>();
            var engine = string.Empty;
            for (var round = 1; round <= settings.Rounds; round++)
            {
                (var ceiling, engine) = await CeilingAsync(azurite.ConnectionString, tag, round, cancellationToken);
                if (host is null)
                {
                    // Started after the first bare phase, so that one has Azurite to itself; idle, it polls about 5 requests/s after that.
                    await ledgers.StartAsync();
                    host = new SelfHostProcess(StorageRequestsRun.SelfHostEnvironment(azurite, ledgers, receipts, secret));
                    Say($"bare worker stopped; starting the self-host (hub {StorageRequestsRun.TaskHub}), {_profile.Name}");
                    await host.StartAsync();
                    traffic = new CounterTraffic(host.BaseAddress, secret);
                    await WarmUpPipelineAsync(ledgers, traffic, $"CEIL-{tag}-W-", receiptUrl, cancellationToken);
                }

                Say($"pipeline: sending {settings.Reports} reports as fast as {settings.InFlight} in flight allow (load average {BenchmarkMachine.LoadAverage()})");
                var pipeline = await PipelineAsync(traffic!, $"CEIL-{tag}-R{round}-", settings.Reports, receiptUrl, cancellationToken);
                Say($"pipeline: {pipeline} (load average {BenchmarkMachine.LoadAverage()})");
                rounds.Add(new CeilingRound(round, ceiling, pipeline));
            }

            var pipelineRate = CeilingRound.Median(rounds, r => r.Pipeline.PerSecond);
            var rate = settings.IntakeRate ?? Math.Round(CeilingSettings.SustainedShare * pipelineRate, 2);
            var intake = await IntakeAsync(host!.BaseAddress, secret, traffic!, $"CEIL-{tag}-L-", rate, receiptUrl, cancellationToken);

            log.WriteLine();
            log.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"ceiling {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: {settings.Rounds} round(s) of {settings.Reports} bare instances then {settings.Reports} reports "
                + $"({_profile.Name}), {settings.InFlight} in flight; machine {BenchmarkMachine.Describe()}; load average {loadAtStart} at start, {BenchmarkMachine.LoadAverage()} at end"));
            log.WriteLine($"engine (both): {engine}; bare DTFx: 3 no-op activities, hub {BareEngineRun.TaskHub}, first start to last completion; "
                + $"FinanceFlow: hub {StorageRequestsRun.TaskHub}, first webhook to last report Posted");
            rounds.ForEach(r => log.WriteLine(r));
            log.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"bare DTFx {CeilingRound.Median(rounds, r => r.Ceiling.PerSecond):0.00}/s, FinanceFlow {pipelineRate:0.00}/s; "
                + $"FinanceFlow / ceiling: {100 * CeilingRound.Median(rounds, r => r.Ratio):0} % (target >= 60 %){(rounds.Count > 1 ? " (medians of the rounds)" : string.Empty)}"));
            log.WriteLine($"intake: {intake}");
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
            traffic?.Dispose();
            host?.Dispose();
            await ledgers.DisposeAsync();
            await azurite.DisposeAsync();
        }
    }

    /// <summary>A fresh bare worker (the same worker id, so it takes its partitions back at once), warmed up, measured, stopped.</summary>
    private async Task<(PhaseRate Rate, string Engine)> CeilingAsync(string connectionString, string tag, int round, CancellationToken cancellationToken)
    {
        await using var bare = new BareEngineRun(connectionString);
        await bare.StartAsync();
        Say($"bare engine started on hub {BareEngineRun.TaskHub}: {bare.Describe()}");
        if (settings.Warmup > 0)
        {
            await bare.RunAsync($"bare-{tag}-W{round}-", settings.Warmup, settings.InFlight, settings.RunTimeout, cancellationToken);
        }

        Say($"bare engine: starting {settings.Reports} instances as fast as {settings.InFlight} in flight allow (load average {BenchmarkMachine.LoadAverage()})");
        var rate = await bare.RunAsync($"bare-{tag}-R{round}-", settings.Reports, settings.InFlight, settings.RunTimeout, cancellationToken);
        Say($"bare engine: {rate} (load average {BenchmarkMachine.LoadAverage()})");
        return (rate, bare.Describe());
    }

    private async Task WarmUpPipelineAsync(CounterLedgers ledgers, CounterTraffic traffic, string idPrefix, Uri? receiptUrl, CancellationToken cancellationToken)
    {
        if (_profile.Governed)
        {
            await ledgers.LoadMasterDataAsync(traffic, cancellationToken);
        }

        if (settings.Warmup > 0)
        {
            await PipelineAsync(traffic, idPrefix, settings.Warmup, receiptUrl, cancellationToken);
        }
    }

    /// <summary>Sends the reports as fast as allowed (503s sent again after Retry-After), waits until each is Posted; the phase's rate.</summary>
    private async Task<PhaseRate> PipelineAsync(CounterTraffic traffic, string idPrefix, int count, Uri? receiptUrl, CancellationToken cancellationToken)
    {
        var reports = Reports(idPrefix, count, receiptUrl);
        var firstSend = DateTimeOffset.UtcNow;
        await traffic.SendAsync(reports, double.PositiveInfinity, settings.InFlight, cancellationToken);
        var ids = reports.Select(r => r.Id).ToList();
        return new PhaseRate(count, firstSend, await LastPostedAsync(traffic, idPrefix, ids, cancellationToken));
    }

    private async Task<IntakeLatency> IntakeAsync(Uri selfHost, string secret, CounterTraffic traffic, string idPrefix, double rate, Uri? receiptUrl, CancellationToken cancellationToken)
    {
        var reports = Reports(idPrefix, Math.Max(1, (int)Math.Ceiling(rate * settings.IntakeSeconds)), receiptUrl);
        Say(string.Create(CultureInfo.InvariantCulture, $"intake: {reports.Count} webhooks at {rate:0.0#}/s, open loop, for {settings.IntakeSeconds} s"));
        using var intake = new OpenLoopIntake(selfHost, secret);
        var latency = await intake.SendAsync(reports, rate, cancellationToken);
        var answered = DateTimeOffset.UtcNow;
        var accepted = latency.AcceptedIds;
        if (accepted.Count > 0)
        {
            // A rate the pipeline sustains leaves no backlog: the last report posts within about one report's own time of its webhook.
            var lastPosted = await LastPostedAsync(traffic, idPrefix, accepted, cancellationToken);
            Say(string.Create(CultureInfo.InvariantCulture, $"intake: every accepted report Posted, the last {(lastPosted - answered).TotalSeconds:0.0} s after the last answer"));
        }

        return latency;
    }

    /// <summary>Waits until every run of the prefix finished, checks each report ended Posted, and returns when the last status row was written.</summary>
    private async Task<DateTimeOffset> LastPostedAsync(CounterTraffic traffic, string idPrefix, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var notPosted = await traffic.WaitUntilFinishedAsync(idPrefix, ids, settings.RunTimeout, cancellationToken);
        if (notPosted.Count > 0)
        {
            throw new InvalidOperationException($"{notPosted.Count} of {ids.Count} reports did not end Posted: {string.Join("\n", notPosted.Take(5))}");
        }

        var updated = new ConcurrentBag<DateTimeOffset>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            var (_, view) = await traffic.SendAsAsync(TestIdentity.OperatorName, HttpMethod.Get, $"/api/v1/reports/canonical/{id}", null, ct);
            using (view)
            {
                updated.Add(view.RootElement.GetProperty("updatedAt").GetDateTimeOffset());
            }
        });
        return updated.Max();
    }

    private List<(string Id, byte[] Body)> Reports(string idPrefix, int count, Uri? receiptUrl) =>
        [.. Enumerable.Range(1, count)
            .Select(n => string.Create(CultureInfo.InvariantCulture, $"{idPrefix}{n:0000}"))
            .Select(id => (id, _profile.Report(id, receiptUrl)))];

    private void Say(string line) => log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {line}"));
}
