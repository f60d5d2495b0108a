using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using FinanceFlow.Testing;

namespace FinanceFlow.Chaos;

/// <summary>
/// Sends reports through the self-host on a real Azurite and hledger-web while it SIGKILLs the host, takes storage away, makes the
/// ERP fail and lose answers, and delivers every webhook up to three times out of order; then checks the ledger and FinanceFlow:
/// every report posted exactly once with the source's amount, nothing stuck, every audit trail complete. The ERP fails throughout;
/// the drain is timed from the end of the last kill or outage. Nothing is faked: the faults
/// are real process kills, a real stopped Azurite and real reset connections (<see cref="FaultProxy"/>).
/// </summary>
public sealed class ChaosRun(ChaosSettings settings, TextWriter log)
{
    // USD samples on a USD ledger: the ledger's debits must add up to the report's total.
    private static readonly string[] Samples = ["01-usd-team-lunch.json", "02-usd-nyc-client-visit.json", "14-usd-week-of-customer-visits.json"];

    private readonly Random _random = new(settings.Seed);
    private readonly Lock _gate = new();
    private readonly ChaosResult _result = new() { Reports = settings.Reports };
    private readonly Stopwatch _clock = new();
    private volatile bool _erpFaults = true;
    private int _answered;

    private sealed record Report(string Id, byte[] Body, decimal Total, string MessageId);

    public async Task<ChaosResult> RunAsync(CancellationToken cancellationToken)
    {
        _clock.Start();
        var azurite = new AzuriteProcess();
        var ledger = new HledgerWebProcess();
        await azurite.InitializeAsync();
        await ledger.InitializeAsync();
        var proxy = new FaultProxy(ledger.Port);
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var host = new SelfHostProcess(Environment(azurite, ledger, proxy, secret));
        try
        {
            Say($"Azurite on {azurite.BlobPort}-{azurite.TablePort}, hledger-web on {ledger.Port} behind a fault proxy on {proxy.Port}; starting the self-host");
            await host.StartAsync();
            using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = TestIdentity.Bearer();
            var reports = Enumerable.Range(1, settings.Reports).Select(NewReport).ToList();
            var deliveries = Plan(reports);
            _result.Deliveries = deliveries.Count;
            proxy.FailWith(ChooseErpFault);
            Say($"sending {reports.Count} reports as {deliveries.Count} deliveries; {settings.Kills} kill(s), {settings.Outages} storage outage(s), {settings.ErpFaultRate:P0} ERP faults");

            // The ERP keeps failing until the end; the drain is measured from the last kill or outage (and the last delivery).
            await Task.WhenAll(SendAllAsync(http, deliveries, secret, cancellationToken), InjectAsync(azurite, host, deliveries.Count, cancellationToken));
            var lastFault = _clock.Elapsed;
            Say("last kill or outage over, every delivery answered; waiting for every report to be posted");

            await DrainAsync(http, reports, cancellationToken);
            _result.Drain = _clock.Elapsed - lastFault;
            _erpFaults = false;
            _result.ErpFaults = proxy.Faults;
            _result.ErpCalls = proxy.Requests.Count;
            await VerifyAsync(http, ledger, reports, cancellationToken);
        }
        finally
        {
            host.Dispose();
            await proxy.DisposeAsync();
            await ledger.DisposeAsync();
            await azurite.DisposeAsync();
        }

        _result.Total = _clock.Elapsed;
        return _result;
    }

    private Dictionary<string, string> Environment(AzuriteProcess azurite, HledgerWebProcess ledger, FaultProxy proxy, string secret) => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["FinanceFlow__SelfHost__TaskHubName"] = "chaos" + Guid.NewGuid().ToString("N")[..12],
        ["FinanceFlow__SelfHost__MaxQueuePollingInterval"] = "00:00:00.500",
        ["FinanceFlow__SelfHost__QueueVisibilityTimeout"] = "00:00:20",
        ["FinanceFlow__Erp__Hledger__BaseUrl"] = proxy.BaseUrl,
        ["FinanceFlow__Erp__Hledger__JournalPath"] = ledger.JournalPath,
        ["FinanceFlow__Sources__canonical__WebhookSecret"] = secret,
        ["FinanceFlow__PostingRetry__MaxAttempts"] = "10",
        ["FinanceFlow__PostingRetry__FirstRetrySeconds"] = "0.5",
        ["FinanceFlow__PostingRetry__BackoffCoefficient"] = "1.5",
        ["FinanceFlow__PostingRetry__MaxRetrySeconds"] = "5",
        ["FinanceFlow__Watchdog__Schedule"] = "*/10 * * * * *",
        ["FinanceFlow__Watchdog__StuckAfter"] = "00:01:00",
    };

    private Report NewReport(int number)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"CHAOS-{settings.Seed}-{number:0000}-{Guid.NewGuid().ToString("N")[..6]}");
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", Samples[number % Samples.Length])))!;
        report["reportId"] = id;
        return new Report(id, JsonSerializer.SerializeToUtf8Bytes(report), report["totalAmount"]!.GetValue<decimal>(), "msg_" + Guid.NewGuid().ToString("N"));
    }

    /// <summary>Each report 1 to MaxDeliveries times (a redelivery keeps the webhook-id), shuffled within windows of 20 deliveries.</summary>
    private List<Report> Plan(IReadOnlyList<Report> reports)
    {
        var all = reports.SelectMany(r => Enumerable.Repeat(r, _random.Next(1, settings.MaxDeliveries + 1))).ToArray();
        for (var start = 0; start < all.Length; start += 20)
        {
            _random.Shuffle(all.AsSpan(start, Math.Min(20, all.Length - start)));
        }

        return [.. all];
    }

    private ProxyFault? ChooseErpFault(string requestLine)
    {
        if (!_erpFaults)
        {
            return null;
        }

        lock (_gate)
        {
            var draw = _random.NextDouble();
            return draw >= settings.ErpFaultRate ? null : draw < settings.ErpFaultRate / 3 ? ProxyFault.DropAnswer : ProxyFault.DropRequest;
        }
    }

    private async Task SendAllAsync(HttpClient http, IReadOnlyList<Report> deliveries, string secret, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(4);
        var sends = deliveries.Select(async report =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                await DeliverUntilTakenAsync(http, report, secret, cancellationToken);
                Interlocked.Increment(ref _answered);
            }
            finally
            {
                slots.Release();
            }
        });
        await Task.WhenAll(sends);
    }

    /// <summary>As a Standard Webhooks sender does: the same webhook-id again after a 503 (after Retry-After) or no answer.</summary>
    private async Task DeliverUntilTakenAsync(HttpClient http, Report report, string secret, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var request = SignedWebhook.Request("/api/v1/webhooks/canonical", secret, report.MessageId, report.Body);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Count(() => _result.HostDown++);
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
                continue;
            }

            using (response)
            {
                switch (response.StatusCode)
                {
                    case HttpStatusCode.Accepted:
                        Count(() => _result.Accepted++);
                        return;
                    case HttpStatusCode.OK:
                        Count(() => _result.Redelivered++);
                        return;
                    case HttpStatusCode.ServiceUnavailable:
                        Count(() => _result.Unavailable++);
                        await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
                        continue;
                    default:
                        var body = await response.Content.ReadAsStringAsync(cancellationToken);
                        Count(() => _result.UnexpectedAnswers.Add($"{report.Id}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}"));
                        return;
                }
            }
        }
    }

    /// <summary>The kills and outages, one at a time, spread evenly over the deliveries in a random order.</summary>
    private async Task InjectAsync(AzuriteProcess azurite, SelfHostProcess host, int deliveries, CancellationToken cancellationToken)
    {
        var faults = Enumerable.Repeat(true, settings.Kills).Concat(Enumerable.Repeat(false, settings.Outages)).ToArray();
        _random.Shuffle(faults);
        for (var i = 0; i < faults.Length; i++)
        {
            var at = deliveries * (i + 1) / (faults.Length + 1);
            while (Volatile.Read(ref _answered) < at)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }

            if (faults[i])
            {
                Say($"SIGKILL the self-host after {at} deliveries");
                host.Kill();
                await Task.Delay(TimeSpan.FromMilliseconds(Draw(0, 2000)), cancellationToken);
                await host.StartAsync();
                Count(() => _result.Kills++);
            }
            else
            {
                var seconds = Draw(settings.Outage.Min * 1000, settings.Outage.Max * 1000) / 1000.0;
                Say($"storage away for {seconds:0.0} s after {at} deliveries");
                await azurite.StopAsync();
                await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
                await azurite.StartAgainAsync();
                Count(() => _result.OutageSeconds.Add(seconds));
            }
        }
    }

    private async Task DrainAsync(HttpClient http, IReadOnlyList<Report> reports, CancellationToken cancellationToken)
    {
        var waiting = reports.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var deadline = _clock.Elapsed + settings.DrainTimeout;
        while (waiting.Count > 0 && _clock.Elapsed < deadline)
        {
            foreach (var id in waiting.ToList())
            {
                if (await OutcomeAsync(http, id, cancellationToken) == "Posted")
                {
                    waiting.Remove(id);
                }
            }

            if (waiting.Count > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }

        _result.NotPosted.AddRange(waiting.Order(StringComparer.Ordinal));
    }

    private async Task VerifyAsync(HttpClient http, HledgerWebProcess ledger, IReadOnlyList<Report> reports, CancellationToken cancellationToken)
    {
        _result.LedgerChecks = (await ledger.RunHledgerAsync("check")).ExitCode == 0;
        var (exitCode, printed, error) = await ledger.RunHledgerAsync("print", "-O", "json");
        if (exitCode != 0)
        {
            throw new InvalidOperationException("hledger print failed: " + error);
        }

        using var journal = JsonDocument.Parse(printed);
        var byCode = journal.RootElement.EnumerateArray()
            .GroupBy(t => t.GetProperty("tcode").GetString() ?? string.Empty, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var report in reports)
        {
            var transactions = byCode.GetValueOrDefault("FF-CANONICAL-" + report.Id) ?? [];
            if (transactions.Count > 1)
            {
                _result.PostedTwice.Add($"{report.Id} ({transactions.Count} transactions)");
                continue;
            }

            if (transactions.Count == 1)
            {
                var debits = Quantities(transactions[0]).Where(q => q > 0).Sum();
                if (debits != report.Total)
                {
                    _result.AmountDiffers.Add($"{report.Id}: ledger {debits}, source {report.Total}");
                }
                else if (!_result.NotPosted.Contains(report.Id))
                {
                    _result.PostedOnce++;
                }
            }

            await VerifyAuditAsync(http, report.Id, cancellationToken);
        }

        using var exceptions = JsonDocument.Parse(await http.GetStringAsync("/api/v1/exceptions", cancellationToken));
        _result.Stuck = exceptions.RootElement.GetProperty("counts").GetProperty("stuck").GetInt32();
    }

    private async Task VerifyAuditAsync(HttpClient http, string id, CancellationToken cancellationToken)
    {
        using var view = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/reports/canonical/{id}", cancellationToken));
        var rows = view.RootElement.GetProperty("audit").EnumerateArray()
            .Select(a => (Step: a.GetProperty("step").GetString(), Outcome: a.GetProperty("outcome").GetString()))
            .ToList();
        _result.WatchdogRedrives += rows.Count(r => r is { Step: "Watchdog", Outcome: "Redriven" });
        var accepted = rows.Any(r => r is { Step: "ReceiveWebhook", Outcome: "Accepted" });
        var posted = rows.Any(r => r.Step == "PostToErp" && r.Outcome is "Posted" or "Already posted");
        using var verify = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/reports/canonical/{id}/audit/verify", cancellationToken));
        var intact = verify.RootElement.GetProperty("intact").GetBoolean();
        if (!accepted || !posted || !intact)
        {
            _result.AuditIncomplete.Add($"{id}: accepted row {accepted}, posted row {posted}, chain intact {intact}");
        }
    }

    private static async Task<string?> OutcomeAsync(HttpClient http, string id, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"/api/v1/reports/canonical/{id}", cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return view.RootElement.GetProperty("outcome").GetString();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static IEnumerable<decimal> Quantities(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => (element.TryGetProperty("aquantity", out var quantity) && quantity.TryGetProperty("floatingPoint", out var value)
                ? [value.GetDecimal()]
                : Enumerable.Empty<decimal>())
            .Concat(element.EnumerateObject().SelectMany(p => Quantities(p.Value))),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Quantities),
        _ => [],
    };

    private int Draw(int min, int max)
    {
        lock (_gate)
        {
            return _random.Next(min, max + 1);
        }
    }

    private void Count(Action change)
    {
        lock (_gate)
        {
            change();
        }
    }

    private void Say(string line) => log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {line}"));
}
