using System.Globalization;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Infrastructure.Postings;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Posting;
using FinanceFlow.Workflows.Reconciliation;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Workflows.Tests.Posting;

/// <summary>
/// Issue 11's done-when test: the real poster, the real posting store on Azurite and the real hledger connector, with a proxy in
/// front of a real hledger-web that lets writes through and loses their answers. Each journal must reach the ledger exactly once.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ExactlyOnceTests : IAsyncLifetime
{
    private const string Put = "PUT /add";
    private readonly AzuriteProcess _azurite = new();
    private readonly HledgerWebProcess _hledger = new();
    private readonly List<ServiceProvider> _providers = [];
    private FaultProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(_azurite.InitializeAsync(), _hledger.InitializeAsync());
        _proxy = new FaultProxy(_hledger.Port);
    }

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _proxy.DisposeAsync();
        await _hledger.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task PostAsync_AnswersDroppedAndTimedOutAfterTheLedgerWrote_EachJournalInTheLedgerOnceAndPosted()
    {
        // Arrange: the first write's answer is cut by a reset, the second's never comes (the client times out); the rest pass.
        var services = Build(authoritative: true);
        var entries = Enumerable.Range(1, 4).Select(i => Entry($"FF-CANONICAL-ONCE-{Unique()}-{i}", 10m * i)).ToList();
        _proxy.FailNext(Put, ProxyFault.DropAnswer);
        _proxy.FailNext(Put, ProxyFault.HoldAnswer);

        // Act: each journal driven through retries as Durable's posting retry policy would.
        var results = new List<(PostingOutcome Outcome, int Attempts)>();
        foreach (var entry in entries)
        {
            results.Add(await DriveAsync(services, entry, "expense:canonical:" + entry.ExternalReference + ":v1"));
        }

        // Assert: every journal once in the journal file, as the hledger CLI reads it; nothing sent twice.
        Assert.Equal(2, _proxy.Faults);
        Assert.Equal(entries.Count, _proxy.Requests.Count(r => r.StartsWith(Put, StringComparison.Ordinal)));
        Assert.Equal([(true, true, 2), (true, true, 2), (true, false, 1), (true, false, 1)], results.Select(r => (r.Outcome.Accepted, r.Outcome.AlreadyPosted, r.Attempts)));
        foreach (var entry in entries)
        {
            Assert.Equal(1, await _hledger.CountTransactionsWithCodeAsync(entry.ExternalReference));
            var row = await Store(services).GetAsync(entry.ExternalReference, CancellationToken.None);
            Assert.Equal((PostingState.Posted, entry.ExternalReference), (row!.State, row.DocumentNumber));
        }

        Assert.Equal(0, (await _hledger.RunHledgerAsync("check")).ExitCode);

        // A redelivery of the first report (another run) sends nothing either.
        var again = await DriveAsync(services, entries[0], "expense:canonical:redelivered:v2");
        Assert.Equal((true, true, entries[0].ExternalReference), (again.Outcome.Accepted, again.Outcome.AlreadyPosted, again.Outcome.DocumentNumber));
        Assert.Equal(entries.Count, _proxy.Requests.Count(r => r.StartsWith(Put, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PostAsync_AnswerLostWithoutAnAuthoritativeLookup_PostingInDoubtAndNeverSentAgain()
    {
        // Arrange: hledger-web without its journal file configured: its GET /transactions is no proof of absence. One write reaches
        // the ledger and its answer is lost; another is lost on the way. The client cannot tell the two apart.
        var services = Build(authoritative: false);
        var written = Entry($"FF-CANONICAL-DOUBT-{Unique()}", 42.50m);
        var lost = Entry($"FF-CANONICAL-LOST-{Unique()}", 7.10m);
        _proxy.FailNext(Put, ProxyFault.DropAnswer);
        _proxy.FailNext(Put, ProxyFault.DropRequest);

        // Act: the runs, then finance retrying the second report twice.
        var first = await DriveAsync(services, written, "expense:canonical:doubt:v1");
        var second = await DriveAsync(services, lost, "expense:canonical:lost:v1");
        var retries = new[] { await DriveAsync(services, lost, "expense:canonical:lost:v1"), await DriveAsync(services, lost, "expense:canonical:lost:v1") };

        // Assert: both in doubt at once (no retry), and never sent again: two PUTs in all, whatever the retries.
        Assert.Equal((false, PostingFlag.InDoubt, 1), (first.Outcome.Accepted, first.Outcome.Flag, first.Attempts));
        Assert.StartsWith("In doubt: ", first.Outcome.Reason, StringComparison.Ordinal);
        Assert.Equal((false, PostingFlag.InDoubt, 1), (second.Outcome.Accepted, second.Outcome.Flag, second.Attempts));
        Assert.All(retries, r => Assert.Equal((false, PostingFlag.InDoubt), (r.Outcome.Accepted, r.Outcome.Flag)));
        Assert.Equal(2, _proxy.Requests.Count(r => r.StartsWith(Put, StringComparison.Ordinal)));
        Assert.Equal((1, 0), (await _hledger.CountTransactionsWithCodeAsync(written.ExternalReference), await _hledger.CountTransactionsWithCodeAsync(lost.ExternalReference)));
        foreach (var entry in new[] { written, lost })
        {
            var row = await Store(services).GetAsync(entry.ExternalReference, CancellationToken.None);
            Assert.Equal(PostingState.InDoubt, row!.State);
            Assert.Contains("may have been written", row.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Reconciliation_PostingInDoubtTheLedgerHolds_RecordsItPostedAndTheRetryClosesItWithoutSending()
    {
        // Arrange: a posting in doubt (no authoritative lookup), which hledger-web wrote.
        var services = Build(authoritative: false);
        var entry = Entry($"FF-CANONICAL-SETTLE-{Unique()}", 17.25m);
        _proxy.FailNext(Put, ProxyFault.DropAnswer);
        Assert.Equal(PostingFlag.InDoubt, (await DriveAsync(services, entry, "expense:canonical:settle:v1")).Outcome.Flag);

        // Act: the reconciliation reads the ledger (hledger-web re-reads its file once its time changes), then finance retries.
        ReconciliationReport report = null!;
        await WaitFor.ConditionAsync(
            async () =>
            {
                File.SetLastWriteTimeUtc(_hledger.JournalPath, DateTime.UtcNow.AddSeconds(2));
                report = await services.CreateScope().ServiceProvider.GetRequiredService<LedgerReconciliationRunner>().RunAsync("test", null, CancellationToken.None);
                return report.Ledgers.SelectMany(l => l.Findings).Any(f => f.Reference == entry.ExternalReference && f.Code == ReconciliationCodes.InDoubtInErp);
            },
            TimeSpan.FromSeconds(20),
            "the reconciliation to find the posting in doubt in the ledger");
        var retried = await DriveAsync(services, entry, "expense:canonical:settle:v1");

        // Assert
        Assert.Equal(PostingState.Posted, (await Store(services).GetAsync(entry.ExternalReference, CancellationToken.None))!.State);
        Assert.Equal((true, true, entry.ExternalReference), (retried.Outcome.Accepted, retried.Outcome.AlreadyPosted, retried.Outcome.DocumentNumber));
        Assert.Single(_proxy.Requests, r => r.StartsWith(Put, StringComparison.Ordinal));
        Assert.Equal(1, await _hledger.CountTransactionsWithCodeAsync(entry.ExternalReference));
    }

    [Fact]
    public async Task PostAsync_LedgerHoldsOtherBooksUnderTheReference_FlaggedNotRecordedAsPostedNothingSent()
    {
        // Arrange: a worker died mid-send; the ledger holds a hand-made transaction under the reference with another amount.
        var services = Build(authoritative: true);
        var entry = Entry($"FF-CANONICAL-OTHER-{Unique()}", 30m);
        await File.AppendAllTextAsync(_hledger.JournalPath, string.Create(CultureInfo.InvariantCulture,
            $"\n2026-11-20 ({entry.ExternalReference}) typed by hand\n    {entry.Lines[0].Account}  USD 31.00\n    {entry.Lines[1].Account}  USD -31.00\n"));
        var store = Store(services);
        var crashed = await store.ClaimAsync(entry.ExternalReference, "hash", "hledger", new PostingTarget(null, "USD", 30m), "crashed", TimeSpan.FromSeconds(30), CancellationToken.None);
        await store.MarkSendingAsync(entry.ExternalReference, crashed.Record.Generation, TimeSpan.Zero, CancellationToken.None);

        // Act
        var (outcome, _) = await DriveAsync(services, entry, "expense:canonical:other:v1");

        // Assert
        Assert.Equal((false, PostingFlag.LedgerDiffers, entry.ExternalReference), (outcome.Accepted, outcome.Flag, outcome.DocumentNumber));
        Assert.Contains($"the ledger's line {entry.Lines[0].Account} 31.00 USD is not ours", outcome.Reason, StringComparison.Ordinal);
        var row = await store.GetAsync(entry.ExternalReference, CancellationToken.None);
        Assert.Equal((PostingState.LedgerDiffers, entry.ExternalReference), (row!.State, row.DocumentNumber));
        Assert.DoesNotContain(_proxy.Requests, r => r.StartsWith(Put, StringComparison.Ordinal));
        Assert.Equal(1, await _hledger.CountTransactionsWithCodeAsync(entry.ExternalReference));
    }

    [Fact]
    public async Task PostAsync_LeaseLapsedMidSendAndTakenOver_FirstWorkerCannotRecordAndTheLedgerHoldsItOnce()
    {
        // Arrange: a one-second lease; worker A's answer is held until its client times out (6 s).
        var services = Build(authoritative: true, leaseSeconds: 1, timeoutSeconds: 6);
        var entry = Entry($"FF-CANONICAL-FENCE-{Unique()}", 12.34m);
        _proxy.FailNext(Put, ProxyFault.HoldAnswer);

        // Act: A sends; once hledger-web answered (and wrote) and A's lease lapsed, worker B (another run) takes the posting over.
        var a = Poster(services).PostAsync(entry, "expense:canonical:fence:v1", CancellationToken.None);
        await WaitFor.ConditionAsync(() => Task.FromResult(_proxy.Faults == 1), TimeSpan.FromSeconds(10), "hledger-web to answer A's write");
        await WaitFor.ConditionAsync(
            async () => (await Store(services).GetAsync(entry.ExternalReference, CancellationToken.None))!.LeaseUntil < DateTimeOffset.UtcNow,
            TimeSpan.FromSeconds(10),
            "A's lease to lapse");
        var b = await DriveAsync(services, entry, "expense:canonical:fence:v2");
        var lost = await Assert.ThrowsAsync<PostingLeaseLostException>(() => a);

        // Assert: B found A's write and recorded it; A, taken over, could not record its (unknown) outcome over B's.
        Assert.Equal((true, true), (b.Outcome.Accepted, b.Outcome.AlreadyPosted));
        Assert.Contains("taken over by expense:canonical:fence:v2", lost.Message, StringComparison.Ordinal);
        var row = await Store(services).GetAsync(entry.ExternalReference, CancellationToken.None);
        Assert.Equal((PostingState.Posted, "expense:canonical:fence:v2"), (row!.State, row.InstanceId));
        Assert.Single(_proxy.Requests, r => r.StartsWith(Put, StringComparison.Ordinal));
        Assert.Equal(1, await _hledger.CountTransactionsWithCodeAsync(entry.ExternalReference));
    }

    /// <summary>Calls the poster as the posting activity would, retrying what Durable's posting retry policy retries.</summary>
    private static async Task<(PostingOutcome Outcome, int Attempts)> DriveAsync(IServiceProvider services, JournalEntry entry, string instanceId, int maxAttempts = 5)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await Poster(services).PostAsync(entry, instanceId, CancellationToken.None), attempt);
            }
            catch (Exception ex) when (attempt < maxAttempts && PostingStep.IsTransientFailure(new TaskFailureDetails(ex.GetType().FullName!, ex.Message, null, null, null)))
            {
                // Durable would wait its retry interval here; nothing in these tests needs the wait.
            }
        }
    }

    private static IdempotentErpPoster Poster(IServiceProvider services) => services.CreateScope().ServiceProvider.GetRequiredService<IdempotentErpPoster>();

    private static IPostingStore Store(IServiceProvider services) => services.GetRequiredService<IPostingStore>();

    /// <summary>The hosts' wiring, with hledger-web behind the proxy; <paramref name="authoritative"/> gives the connector the journal file.</summary>
    private ServiceProvider Build(bool authoritative, int leaseSeconds = 30, int timeoutSeconds = 2)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["FinanceFlow:PostingLeaseSeconds"] = leaseSeconds.ToString(CultureInfo.InvariantCulture),
            ["FinanceFlow:Erp:Hledger:BaseUrl"] = _proxy.BaseUrl,
            ["FinanceFlow:Erp:Hledger:TimeoutSeconds"] = timeoutSeconds.ToString(CultureInfo.InvariantCulture),
            ["FinanceFlow:Erp:Hledger:JournalPath"] = authoritative ? _hledger.JournalPath : null,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddFinanceFlowWorkflows(configuration);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    private static JournalEntry Entry(string reference, decimal amount)
    {
        var suffix = reference.ToLowerInvariant();
        return new JournalEntry(reference, "US01", new DateOnly(2026, 11, 20), "USD", $"canonical report {reference} v1 | Team lunch",
        [
            new JournalLine(AccountRole.Expense, $"expenses:meals:{suffix}", amount, 0m, "CC-100", Memo: "lunch"),
            new JournalLine(AccountRole.EmployeePayable, $"liabilities:employees:{suffix}", 0m, amount, Memo: "owed"),
        ]);
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
}
