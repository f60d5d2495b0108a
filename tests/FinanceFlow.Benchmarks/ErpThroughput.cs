using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FinanceFlow.Connectors;
using FinanceFlow.Connectors.BusinessCentral;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Connectors.Hledger;
using FinanceFlow.Connectors.NetSuite;
using FinanceFlow.Connectors.S4Hana;
using FinanceFlow.Core.Journal;
using FinanceFlow.Emulators.BusinessCentral;
using FinanceFlow.Emulators.Erp;
using FinanceFlow.Emulators.NetSuite;
using FinanceFlow.Emulators.S4Hana;
using FinanceFlow.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace FinanceFlow.Benchmarks;

/// <summary>
/// Load harness for the ERP connectors (issue 13; not BenchmarkDotNet: it is I/O). For Business Central (journal mode), NetSuite
/// (journalEntry) and S/4HANA it starts the emulator with <see cref="ErpFaultPlan.Latency"/> of 20 ms on every API call, builds the
/// connector as the hosts do (<see cref="IErpConnectorFactory.Create"/> from DI in Development), and posts N distinct balanced
/// three-line journals with the given number in flight; for hledger the same through <see cref="HledgerConnector"/> (with
/// <c>JournalPath</c>, as production runs it) against a real hledger-web, without added latency. Prints per connector: reports per
/// second, API calls per report (token calls apart), per-posting p50/p95; then checks the ERP holds each measured reference once
/// and exactly N + warm-up documents, and fails the run otherwise.
/// </summary>
internal static class ErpThroughput
{
    private const int WarmUp = 5;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(20);

    public static async Task RunAsync(int count, int concurrency)
    {
        var rows = new List<string>
        {
            await BusinessCentralAsync(count, concurrency),
            await NetSuiteAsync(count, concurrency),
            await S4HanaAsync(count, concurrency),
            await HledgerAsync(count, concurrency),
        };

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"erp-throughput: {count} postings per connector, {concurrency} in flight, {WarmUp} warm-up postings each (not counted); emulators add {Latency.TotalMilliseconds:0} ms to every API call, hledger-web none."));
        Console.WriteLine();
        Console.WriteLine("| Connector | Latency added | Wall time | Reports/s | API calls/report | Token calls | p50 per posting | p95 per posting | Documents in the ERP |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
    }

    private static async Task<string> BusinessCentralAsync(int count, int concurrency)
    {
        await using var emulator = await BusinessCentralEmulator.StartAsync();
        emulator.Store.AddAccount("6400", "Travel");
        emulator.Store.AddAccount("1576", "Input VAT");
        emulator.Store.AddAccount("2510", "Employee payables");
        emulator.Store.AddJournal("FINFLOW");
        emulator.Store.AddVendor("V-EMP");
        emulator.Faults.Latency = Latency;
        var settings = new Dictionary<string, string?>
        {
            ["Kind"] = nameof(ErpKind.BusinessCentral),
            ["BaseUrl"] = emulator.BaseUrl,
            ["CompanyId"] = emulator.CompanyId.ToString(),
            ["Mode"] = nameof(BusinessCentralMode.Journal),
            ["JournalCode"] = "FINFLOW",
            ["VendorNumber"] = "V-EMP",
            ["LocalCurrency"] = "EUR",
            ["TokenEndpoint"] = emulator.Host.TokenEndpoint,
            ["ClientId"] = ErpEmulatorHost.ClientId,
            ["ClientSecret"] = ErpEmulatorHost.ClientSecret,
        };
        var entry = (int i) => new JournalEntry(Reference(i), "DE01", new DateOnly(2025, 3, 14), "EUR", "Trip to Hamburg",
        [
            new JournalLine(AccountRole.Expense, "6400", 100.00m + i, 0m, CostCenter: "CC100", Project: "P-7", Memo: "Train"),
            new JournalLine(AccountRole.InputTax, "1576", 19.00m, 0m),
            new JournalLine(AccountRole.EmployeePayable, "2510", 0m, 119.00m + i, Memo: "Anna Schmidt"),
        ]);

        // One document per posted document number, as often as the emulator posted it.
        var documents = () => Task.FromResult<IReadOnlyList<string>>([.. emulator.Store.LedgerEntries
            .Select(e => e["documentNumber"]!.GetValue<string>())
            .Distinct(StringComparer.Ordinal)
            .SelectMany(number => Enumerable.Repeat(number, emulator.Store.Posted(number)))]);
        return await MeasureAsync(
            "Business Central (journal)", ErpKind.BusinessCentral, services => services.AddBusinessCentralErp(), settings, emulator.Host, entry, count, concurrency,
            documents, BusinessCentralReference.DocumentNumber);
    }

    private static async Task<string> NetSuiteAsync(int count, int concurrency)
    {
        await using var emulator = await NetSuiteEmulator.StartAsync();
        emulator.Faults.Latency = Latency;
        var settings = new Dictionary<string, string?>
        {
            ["Kind"] = nameof(ErpKind.NetSuite),
            ["AccountId"] = "1234567_SB1",
            ["BaseUrl"] = emulator.RestRoot,
            ["TokenEndpoint"] = emulator.Host.TokenEndpoint,
            ["ClientId"] = ErpEmulatorHost.ClientId,
            ["ClientSecret"] = ErpEmulatorHost.ClientSecret,
            ["Subsidiary"] = "1",
            ["CurrencyIds:USD"] = "1",
            ["CurrencyIds:EUR"] = "4",
        };
        var entry = (int i) => new JournalEntry(Reference(i), "US01", new DateOnly(2026, 11, 20), "USD", "Travel Jane Doe",
        [
            new JournalLine(AccountRole.Expense, "58", 187.00m + i, 0m, CostCenter: "3", Project: "7", Memo: "Taxi to client"),
            new JournalLine(AccountRole.InputTax, "112", 37.00m, 0m),
            new JournalLine(AccountRole.EmployeePayable, "4", 0m, 224.00m + i, Memo: "Jane Doe"),
        ]);
        var documents = () => Task.FromResult<IReadOnlyList<string>>([.. emulator.Records.Select(r => r.ExternalId)]);
        return await MeasureAsync(
            "NetSuite (journalEntry)", ErpKind.NetSuite, services => services.AddNetSuiteErp(), settings, emulator.Host, entry, count, concurrency,
            documents, NetSuiteExternalId.For);
    }

    private static async Task<string> S4HanaAsync(int count, int concurrency)
    {
        await using var emulator = await S4HanaEmulator.StartAsync();
        emulator.Faults.Latency = Latency;
        var settings = new Dictionary<string, string?>
        {
            ["Kind"] = nameof(ErpKind.S4Hana),
            ["BaseUrl"] = emulator.BaseUrl,
            ["CompanyCode"] = "1010",
            ["TokenEndpoint"] = emulator.Host.TokenEndpoint,
            ["ClientId"] = ErpEmulatorHost.ClientId,
            ["ClientSecret"] = ErpEmulatorHost.ClientSecret,
            ["CreatedByUser"] = "CC_FFLOW",
        };
        var entry = (int i) => new JournalEntry(Reference(i), "DE01", new DateOnly(2026, 3, 14), "EUR", "Hotel Berlin, sales conference March",
        [
            new JournalLine(AccountRole.Expense, "61008000", 100m + i, 0m, CostCenter: "10101101", Memo: "Hotel"),
            new JournalLine(AccountRole.InputTax, "15410000", 19m, 0m),
            new JournalLine(AccountRole.EmployeePayable, "21710000", 0m, 119m + i),
        ]);
        var documents = () => Task.FromResult<IReadOnlyList<string>>([.. emulator.Entries.Where(e => e.CompanyCode == "1010").Select(e => e.DocumentReferenceId ?? string.Empty)]);
        return await MeasureAsync(
            "S/4HANA (JournalEntryBulkCreateRequest)", ErpKind.S4Hana, services => services.AddS4HanaErp(), settings, emulator.Host, entry, count, concurrency,
            documents, S4HanaReference.DocumentReferenceId);
    }

    private static async Task<string> HledgerAsync(int count, int concurrency)
    {
        var hledger = new HledgerWebProcess();
        await hledger.InitializeAsync();
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["FinanceFlow:Erp:Hledger:BaseUrl"] = hledger.BaseUrl,
                    ["FinanceFlow:Erp:Hledger:JournalPath"] = hledger.JournalPath,
                })
                .Build();
            var calls = new CallCounter();
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(configuration);
            services.AddLogging();
            services.AddFinanceFlowConnectors(configuration);
            services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new CountingHandler(calls)));
            await using var provider = services.BuildServiceProvider();
            var connector = provider.GetRequiredService<HledgerConnector>();
            if (!connector.HasAuthoritativeLookup)
            {
                throw new InvalidOperationException("The hledger connector should read the journal with the CLI (JournalPath set).");
            }

            var entry = (int i) => new JournalEntry(Reference(i), "US01", new DateOnly(2026, 3, 14), "USD", "Client dinner",
            [
                new JournalLine(AccountRole.Expense, "expenses:meals", 80m + i, 0m, CostCenter: "CC-100", Project: "P-7", Memo: "client dinner"),
                new JournalLine(AccountRole.InputTax, "assets:tax:input", 8m, 0m),
                new JournalLine(AccountRole.EmployeePayable, "liabilities:employees:e100", 0m, 88m + i),
            ]);
            var documents = async () =>
            {
                var (exitCode, stdout, stderr) = await hledger.RunHledgerAsync("print", "-O", "json");
                if (exitCode != 0)
                {
                    throw new InvalidOperationException($"hledger print failed ({exitCode}): {stderr}");
                }

                using var json = JsonDocument.Parse(stdout);
                return (IReadOnlyList<string>)[.. json.RootElement.EnumerateArray().Select(t => t.GetProperty("tcode").GetString() ?? string.Empty)];
            };
            return await RunAsync("hledger-web (PUT /add)", connector, () => (calls.Count, 0), entry, count, concurrency, documents, reference => reference, addedLatency: "none");
        }
        finally
        {
            await hledger.DisposeAsync();
        }
    }

    /// <summary>Builds the ledger's connector through its factory, as the hosts do, and measures it against <paramref name="host"/>.</summary>
    private static async Task<string> MeasureAsync(
        string name,
        ErpKind kind,
        Func<IServiceCollection, IServiceCollection> addErp,
        Dictionary<string, string?> settings,
        ErpEmulatorHost host,
        Func<int, JournalEntry> entry,
        int count,
        int concurrency,
        Func<Task<IReadOnlyList<string>>> documents,
        Func<string, string> documentKey)
    {
        const string Ledger = "bench01";
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create($"FinanceFlow:Erp:Ledgers:{Ledger}:{s.Key}", s.Value)))
            .Build()
            .GetSection($"FinanceFlow:Erp:Ledgers:{Ledger}");
        await using var provider = addErp(new ServiceCollection().AddLogging().AddSingleton<IHostEnvironment>(new DevelopmentEnvironment())).BuildServiceProvider();
        var factory = provider.GetServices<IErpConnectorFactory>().Single(f => f.Kind == kind);
        if (factory.Validate(Ledger, section, development: true) is { Count: > 0 } problems)
        {
            throw new InvalidOperationException($"{name}: the benchmark's settings are refused: {string.Join(" ", problems)}");
        }

        var connector = factory.Create(Ledger, section);
        try
        {
            var calls = () =>
            {
                var all = host.Calls;
                var tokens = all.Count(c => c.PathAndQuery == ErpEmulatorHost.TokenPath);
                return (all.Count - tokens, tokens);
            };
            return await RunAsync(name, connector, calls, entry, count, concurrency, documents, documentKey, addedLatency: $"{Latency.TotalMilliseconds:0} ms/call");
        }
        finally
        {
            (connector as IDisposable)?.Dispose();
        }
    }

    /// <summary>Warms up, posts <paramref name="count"/> entries with <paramref name="concurrency"/> in flight, checks the ERP's documents, and returns the table row.</summary>
    private static async Task<string> RunAsync(
        string name,
        IErpConnector connector,
        Func<(int Api, int Tokens)> calls,
        Func<int, JournalEntry> entry,
        int count,
        int concurrency,
        Func<Task<IReadOnlyList<string>>> documents,
        Func<string, string> documentKey,
        string addedLatency)
    {
        // Warm-up: token fetched, journal batch id cached, connections open, JIT done.
        for (var i = 0; i < WarmUp; i++)
        {
            await PostOrThrowAsync(name, connector, entry(count + i));
        }

        var (apiBefore, tokensBefore) = calls();
        var latencies = new double[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                await PostOrThrowAsync(name, connector, entry(i));
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        clock.Stop();
        var (apiAfter, tokensAfter) = calls();

        // The figure counts only if the ERP holds every measured posting exactly once, and nothing else besides the warm-up.
        var held = await documents();
        var copies = held.GroupBy(d => d, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var wrong = Enumerable.Range(0, count).Select(i => documentKey(Reference(i))).Where(key => copies.GetValueOrDefault(key) != 1).ToList();
        if (held.Count != count + WarmUp || wrong.Count > 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{name}: the ERP holds {held.Count} documents, expected {count} + {WarmUp} warm-up; {wrong.Count} measured references not held exactly once (first: {wrong.FirstOrDefault()})."));
        }

        Array.Sort(latencies);
        var seconds = clock.Elapsed.TotalSeconds;
        var row = string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {addedLatency} | {seconds:F2} s | {count / seconds:F1} | {(double)(apiAfter - apiBefore) / count:F2} | {tokensAfter - tokensBefore} (+{tokensBefore} in warm-up) "
            + $"| {Percentile(latencies, 0.50):F1} ms | {Percentile(latencies, 0.95):F1} ms | {held.Count} = {count} + {WarmUp} warm-up, each once |");
        Console.WriteLine(row);
        return row;
    }

    private static async Task PostOrThrowAsync(string name, IErpConnector connector, JournalEntry entry)
    {
        var result = await connector.PostAsync(entry, CancellationToken.None);
        if (!result.Accepted)
        {
            throw new InvalidOperationException($"{name} refused {entry.ExternalReference}: {result.Reason}");
        }
    }

    private static string Reference(int i) => string.Create(CultureInfo.InvariantCulture, $"FF-BENCH-R-{i:D6}");

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private sealed class CallCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }

    /// <summary>Counts the requests the hledger connector sends (hledger-web keeps no count of its own).</summary>
    private sealed class CountingHandler(CallCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Add();
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>The Development environment the hosts run in against emulators (loopback, plain http allowed).</summary>
    private sealed class DevelopmentEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;

        public string ApplicationName { get; set; } = "FinanceFlow.Benchmarks";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
