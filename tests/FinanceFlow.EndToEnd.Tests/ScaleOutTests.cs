using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using FinanceFlow.Testing;
using Xunit.Abstractions;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>
/// Two self-host processes on one task hub (same storage, same hub name, each its default WorkerId) share the reports through the
/// engine's partition leases; one is SIGKILLed mid-run and the other finishes every report, each posted exactly once.
/// </summary>
public sealed class ScaleOutTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Reports = 36;

    // Two batches of four through both processes, then one dies; the other 28 reports go to the survivor.
    private const int KillAfterBatches = 2;
    private static readonly string[] Samples = ["01-usd-team-lunch.json", "02-usd-nyc-client-visit.json", "14-usd-week-of-customer-visits.json"];

    private readonly AzuriteProcess _azurite = new();
    private readonly HledgerWebProcess _ledger = new();
    private readonly string _secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _hub = "scale" + Guid.NewGuid().ToString("N")[..12];
    private SelfHostProcess _first = null!;
    private SelfHostProcess _second = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        await _ledger.InitializeAsync();
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["FinanceFlow__SelfHost__TaskHubName"] = _hub,
            ["FinanceFlow__SelfHost__MaxQueuePollingInterval"] = "00:00:00.500",
            // A killed process's dequeued messages come back after this, its partitions after the lease interval and a third.
            ["FinanceFlow__SelfHost__QueueVisibilityTimeout"] = "00:00:20",
            ["FinanceFlow__SelfHost__PartitionLeaseInterval"] = "00:00:15",
            ["FinanceFlow__Erp__Hledger__BaseUrl"] = _ledger.BaseUrl,
            ["FinanceFlow__Erp__Hledger__JournalPath"] = _ledger.JournalPath,
            ["FinanceFlow__Sources__canonical__WebhookSecret"] = _secret,
        };
        _first = new SelfHostProcess(settings);
        _second = new SelfHostProcess(settings);
        await Task.WhenAll(_first.StartAsync(), _second.StartAsync());
    }

    public async Task DisposeAsync()
    {
        _first?.Dispose();
        _second?.Dispose();
        await _ledger.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task TwoProcessesOneHub_OneKilledMidRun_BothShareThePartitionsAndTheSurvivorPostsEveryReportOnce()
    {
        using var first = Client(_first);
        using var second = Client(_second);
        var (killed, survivor) = (_first.WorkerId, _second.WorkerId);
        await WaitForOwnersAsync(o => o.Count > 0 && o.Values.Contains(killed) && o.Values.Contains(survivor), "both processes to hold partitions");

        var ids = Enumerable.Range(1, Reports).Select(i => $"SCALE-{i:00}-{Guid.NewGuid().ToString("N")[..6]}").ToList();
        var posted = -1;
        foreach (var (batch, n) in ids.Select((id, i) => (Id: id, Index: i)).Chunk(4).Select((b, n) => (b, n)))
        {
            if (n == KillAfterBatches)
            {
                // Killed with the first runs in flight and most reports still to come: every run the engine puts on the dead
                // process's partitions (about half of them) can only finish once the survivor has taken those partitions over.
                posted = await CountPostedAsync(second, ids);
                var owners = await PartitionLeases.OwnersAsync(_azurite.ConnectionString, _hub);
                Assert.Contains(killed, owners.Values);
                Assert.Contains(survivor, owners.Values);
                _first.Kill();
                output.WriteLine($"{posted}/{Reports} posted when {killed} was SIGKILLed; partitions then: {string.Join(", ", owners.Select(o => $"{o.Key}={o.Value}"))}");
            }

            // Alternating between the two processes' intake endpoints, a few at a time as a source's sender does; the survivor's alone after the kill.
            await Task.WhenAll(batch.Select(r => DeliverAsync(n < KillAfterBatches && r.Index % 2 == 0 ? first : second, r.Id, Samples[r.Index % Samples.Length])));
        }

        Assert.InRange(posted, 0, KillAfterBatches * 4);

        // The survivor takes over the dead process's partitions once their leases run out, then finishes its work.
        await WaitForOwnersAsync(o => o.Count > 0 && o.Values.All(v => v == survivor), $"{survivor} to hold every partition");
        await WaitFor.ConditionAsync(async () => await CountPostedAsync(second, ids) == Reports, TimeSpan.FromSeconds(240), "every report to be posted by the survivor");

        var transactions = await TransactionsByCodeAsync();
        foreach (var id in ids)
        {
            using var view = JsonDocument.Parse(await second.GetStringAsync($"/api/v1/reports/canonical/{id}"));
            Assert.Equal("Posted", view.RootElement.GetProperty("outcome").GetString());
            Assert.Equal("Completed", view.RootElement.GetProperty("runtimeStatus").GetString());
            Assert.Equal(1, transactions.GetValueOrDefault("FF-CANONICAL-" + id));
        }

        Assert.Equal(Reports, transactions.Values.Sum());
        Assert.Equal(0, (await _ledger.RunHledgerAsync("check")).ExitCode);
    }

    private static HttpClient Client(SelfHostProcess host)
    {
        var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = TestIdentity.Bearer();
        return http;
    }

    /// <summary>As a Standard Webhooks sender does: the same webhook-id again after a 503 (intake busy), after its Retry-After.</summary>
    private async Task DeliverAsync(HttpClient http, string id, string sample)
    {
        var messageId = "msg_" + Guid.NewGuid().ToString("N");
        while (true)
        {
            using var request = SignedWebhook.Request("/api/v1/webhooks/canonical", _secret, messageId, EndToEndFixture.Sample(sample, id));
            using var response = await http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                return;
            }

            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
        }
    }

    private static async Task<int> CountPostedAsync(HttpClient http, IEnumerable<string> ids)
    {
        var posted = 0;
        foreach (var id in ids)
        {
            // A report not sent yet is not found.
            using var response = await http.GetAsync($"/api/v1/reports/canonical/{id}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                continue;
            }

            using var view = JsonDocument.Parse(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync());
            posted += view.RootElement.GetProperty("outcome").GetString() == "Posted" ? 1 : 0;
        }

        return posted;
    }

    private async Task WaitForOwnersAsync(Func<IReadOnlyDictionary<string, string?>, bool> condition, string what)
    {
        IReadOnlyDictionary<string, string?> owners = new Dictionary<string, string?>();
        try
        {
            await WaitFor.ConditionAsync(async () => condition(owners = await PartitionLeases.OwnersAsync(_azurite.ConnectionString, _hub)), TimeSpan.FromSeconds(90), what);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Partitions: {string.Join(", ", owners.Select(o => $"{o.Key}={o.Value ?? "nobody"}"))}", ex);
        }
    }

    /// <summary>Transactions per code in the journal file, read by the hledger CLI.</summary>
    private async Task<Dictionary<string, int>> TransactionsByCodeAsync()
    {
        var (exitCode, printed, error) = await _ledger.RunHledgerAsync("print", "-O", "json");
        Assert.True(exitCode == 0, error);
        using var journal = JsonDocument.Parse(printed);
        return journal.RootElement.EnumerateArray()
            .GroupBy(t => t.GetProperty("tcode").GetString() ?? string.Empty, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }
}
