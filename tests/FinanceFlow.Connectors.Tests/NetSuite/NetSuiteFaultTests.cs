using System.Diagnostics;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Emulators.Erp;
using static FinanceFlow.Connectors.Tests.NetSuite.NetSuiteLedger;

namespace FinanceFlow.Connectors.Tests.NetSuite;

/// <summary>
/// The emulator's faults against the real pipeline. Calls of a first posting, in order: 1 GET by external id, 2 PUT upsert,
/// 3 GET of the confirmation; token requests are not counted.
/// </summary>
public sealed class NetSuiteFaultTests
{
    [Fact]
    public async Task PostAsync_TokenExpiredOnce_RenewsItOnceAndPosts()
    {
        await using var ledger = await StartAsync();
        ledger.Emulator.Faults.Next(ErpFault.None).Next(ErpFault.Unauthorized);

        var result = await ledger.Connector.PostAsync(Entry(), CancellationToken.None);

        Assert.True(result.Accepted, result.Reason);
        Assert.Equal(2, ledger.Emulator.Host.TokensIssued);
        Assert.Equal(1, ledger.Emulator.CountFor("FF-CANONICAL-R-1001"));
    }

    [Fact]
    public async Task PostAsync_CredentialsRefusedTwice_AuthenticationErrorWithNetSuiteWords()
    {
        await using var ledger = await StartAsync();
        ledger.Emulator.Faults.Next(ErpFault.Unauthorized, 2);

        var error = await Assert.ThrowsAsync<ErpAuthenticationException>(() => ledger.Connector.PostAsync(Entry(), CancellationToken.None));

        Assert.Contains("INVALID_LOGIN", error.Message, StringComparison.Ordinal);
        Assert.Empty(ledger.Emulator.Records);
    }

    [Fact]
    public async Task PostAsync_ThrottledWithRetryAfter_WaitsAsToldAndPostsOnce()
    {
        await using var ledger = await StartAsync();
        ledger.Emulator.Faults.Next(ErpFault.None).Next(ErpFault.TooManyRequests);
        var clock = Stopwatch.StartNew();

        var result = await ledger.Connector.PostAsync(Entry(), CancellationToken.None);

        Assert.True(result.Accepted, result.Reason);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {clock.Elapsed}, before Retry-After: 1");
        Assert.Equal(2, ledger.Calls.Count(c => c.Method == "PUT"));
        Assert.Equal(1, ledger.Emulator.CountFor("FF-CANONICAL-R-1001"));
    }

    [Fact]
    public async Task PostAsync_UnavailableOnEveryAttempt_OutcomeUnknownThenTheNextPostWritesOnce()
    {
        await using var ledger = await StartAsync();
        ledger.Emulator.Faults.Next(ErpFault.ServiceUnavailable).Next(ErpFault.None).Next(ErpFault.ServiceUnavailable, 4);

        await Assert.ThrowsAsync<ErpOutcomeUnknownException>(() => ledger.Connector.PostAsync(Entry(), CancellationToken.None));
        var result = await ledger.Connector.PostAsync(Entry(), CancellationToken.None);

        Assert.True(result.Accepted, result.Reason);
        Assert.Equal(2, ledger.Calls.Count(c => c.PathAndQuery.Contains("?expandSubResources", StringComparison.Ordinal) && c.Fault == ErpFault.None));
        Assert.Equal(4, ledger.Calls.Count(c => c.Method == "PUT" && c.Fault == ErpFault.ServiceUnavailable));
        Assert.Equal(1, ledger.Emulator.CountFor("FF-CANONICAL-R-1001"));
    }

    [Fact]
    public async Task PostAsync_UpsertTimesOutOnce_RetriedWithinTheCallAndWrittenOnce()
    {
        await using var ledger = await StartAsync();
        ledger.Emulator.Faults.Next(ErpFault.None).Next(ErpFault.Timeout);

        var result = await ledger.Connector.PostAsync(Entry(), CancellationToken.None);

        Assert.True(result.Accepted, result.Reason);
        Assert.Equal(2, ledger.Calls.Count(c => c.Method == "PUT"));
        Assert.Equal(1, ledger.Emulator.CountFor("FF-CANONICAL-R-1001"));
        Assert.Equal(2, ledger.Emulator.Records[0].Lines.Count);
    }

    [Fact]
    public async Task PostAsync_AnswerLostAfterWriteOnce_RepeatedUpsertRewritesTheSameRecord()
    {
        await using var ledger = await StartAsync();
        ledger.Emulator.Faults.Next(ErpFault.None).Next(ErpFault.LoseAnswerAfterWrite);

        var result = await ledger.Connector.PostAsync(Entry(), CancellationToken.None);

        Assert.True(result.Accepted, result.Reason);
        var record = Assert.Single(ledger.Emulator.Records);
        Assert.Equal(2, record.Writes);
        Assert.Equal(2, record.Lines.Count);
        Assert.Equal(record.TranId, result.DocumentNumber);
    }

    [Fact]
    public async Task PostAsync_AnswerLostOnEveryAttempt_OutcomeUnknownThenFoundAndNeverASecondRecord()
    {
        await using var ledger = await StartAsync();
        ledger.Emulator.Faults.Next(ErpFault.None).Next(ErpFault.LoseAnswerAfterWrite, 4);

        await Assert.ThrowsAsync<ErpOutcomeUnknownException>(() => ledger.Connector.PostAsync(Entry(), CancellationToken.None));
        var found = await ledger.Connector.FindDocumentAsync(Entry(), CancellationToken.None);
        var again = await ledger.Connector.PostAsync(Entry(), CancellationToken.None);

        var record = Assert.Single(ledger.Emulator.Records);
        Assert.True(found.Found);
        Assert.True(found.Authoritative);
        Assert.Empty(found.Differences);
        Assert.Equal(record.TranId, found.DocumentNumber);
        Assert.True(again.Accepted, again.Reason);
        Assert.Equal(record.TranId, again.DocumentNumber);
        Assert.Equal(4, ledger.Calls.Count(c => c.Method == "PUT"));
        Assert.Equal(2, record.Lines.Count);
    }

    [Fact]
    public async Task FindDocumentAsync_ReadTimesOutEveryAttempt_UnavailableNotNotFound()
    {
        await using var ledger = await StartAsync();
        ledger.Emulator.Faults.SlowAnswer = TimeSpan.FromSeconds(2);
        ledger.Emulator.Faults.Next(ErpFault.Timeout, 4);

        await Assert.ThrowsAsync<ErpUnavailableException>(() => ledger.Connector.FindDocumentAsync(Entry(), CancellationToken.None));
    }

    [Fact]
    public async Task PostAsync_RandomTransientFaultsAndLostAnswers_EveryJournalExactlyOnceAndReadBackBalanced()
    {
        await using var ledger = await StartAsync();
        ledger.Emulator.Faults.Random(transient: 0.3, lostAnswers: 0.2, spikes: 0.05, seed: 13);
        ledger.Emulator.Faults.Spike = TimeSpan.FromMilliseconds(200);
        var references = Enumerable.Range(1, 20).Select(i => $"FF-CANONICAL-R-{i}").ToList();

        // As the poster does: a posting that is unavailable or whose outcome is unknown runs again, starting with the read, after a
        // back-off (the Durable retry's), long enough to outlast the circuit breaker's 15 s break when the faults open it.
        await Parallel.ForEachAsync(references, new ParallelOptions { MaxDegreeOfParallelism = 5 }, async (reference, cancellationToken) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var result = await ledger.Connector.PostAsync(Entry(reference), cancellationToken);
                    Assert.True(result.Accepted, result.Reason);
                    return;
                }
                catch (Exception ex) when (ex is ErpUnavailableException or ErpOutcomeUnknownException && attempt < 30)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250 * attempt, 2000)), cancellationToken);
                }
            }
        });
        ledger.Emulator.Faults.Clear();
        var readBack = await ledger.Connector.ListFinanceFlowTransactionsAsync(CancellationToken.None);

        Assert.All(references, r => Assert.Equal(1, ledger.Emulator.CountFor(r)));
        Assert.All(ledger.Emulator.Records, r => Assert.Equal(2, r.Lines.Count));
        Assert.Equal(references.Order(StringComparer.Ordinal), readBack.Select(t => t.Reference).Order(StringComparer.Ordinal));
        Assert.All(readBack, t => Assert.Equal(187.00m, t.DebitsByCurrency["USD"]));
        Assert.Contains(ledger.Calls, c => c.Fault == ErpFault.LoseAnswerAfterWrite);
        Assert.Contains(ledger.Calls, c => c.Fault is ErpFault.TooManyRequests or ErpFault.ServiceUnavailable or ErpFault.Timeout);
    }
}
