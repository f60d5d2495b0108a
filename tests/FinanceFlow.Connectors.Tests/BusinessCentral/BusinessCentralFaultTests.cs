using FinanceFlow.Connectors.Erp;
using FinanceFlow.Emulators.Erp;

namespace FinanceFlow.Connectors.Tests.BusinessCentral;

/// <summary>Faults on the way: what is retried, what is refused, and that a lost answer never leads to a second posting.</summary>
public sealed class BusinessCentralFaultTests : IAsyncLifetime
{
    private const string Document = "FF-CANONICAL-R-1001";

    private BusinessCentralFixture _bc = null!;

    public async Task InitializeAsync() => _bc = await BusinessCentralFixture.StartAsync();

    public async Task DisposeAsync() => await _bc.DisposeAsync();

    [Fact]
    public async Task PostAsync_TokenExpired_RenewedOnceAndPosted()
    {
        using var connector = _bc.Connector();
        _bc.Faults.Next(ErpFault.Unauthorized);

        var result = await connector.PostAsync(BusinessCentralFixture.Entry(), CancellationToken.None);

        Assert.True(result.Accepted, result.Reason);
        Assert.Equal(2, _bc.Emulator.Host.TokensIssued);
    }

    [Fact]
    public async Task PostAsync_RefusedTwice_AuthenticationErrorWithBusinessCentralsWords()
    {
        using var connector = _bc.Connector();
        _bc.Faults.Next(ErpFault.Unauthorized, 2);

        var error = await Assert.ThrowsAsync<ErpAuthenticationException>(() => connector.PostAsync(BusinessCentralFixture.Entry(), CancellationToken.None));

        Assert.Contains("Authentication_InvalidCredentials", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _bc.Store.Posted(Document));
    }

    [Fact]
    public async Task PostAsync_ReadThrottledWithRetryAfter_RetriedAfterTheWaitAndPosted()
    {
        using var connector = _bc.Connector();
        _bc.Faults.Next(ErpFault.TooManyRequests);
        var started = DateTimeOffset.UtcNow;

        var result = await connector.PostAsync(BusinessCentralFixture.Entry(), CancellationToken.None);

        Assert.True(result.Accepted, result.Reason);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(0.9), "Retry-After: 1 was not honoured");
        var journals = _bc.ApiCalls().Where(c => c.PathAndQuery.Contains("/journals?", StringComparison.Ordinal)).ToList();
        Assert.Equal([ErpFault.TooManyRequests, ErpFault.None], journals.Select(c => c.Fault));
    }

    [Theory]
    [InlineData(ErpFault.ServiceUnavailable)]
    [InlineData(ErpFault.Timeout)]
    public async Task PostAsync_ReadFailsOnce_RetriedByTheHandler(ErpFault fault)
    {
        using var connector = _bc.Connector();
        _bc.Faults.Next(ErpFault.None).Next(fault);

        var result = await connector.PostAsync(BusinessCentralFixture.Entry(), CancellationToken.None);

        Assert.True(result.Accepted, result.Reason);
        Assert.Equal(1, _bc.Store.Posted(Document));
    }

    [Fact]
    public async Task PostAsync_BatchThrottled_NotRetriedHereAndNothingWritten()
    {
        using var connector = _bc.Connector();
        _bc.Faults.Next(ErpFault.None, 3).Next(ErpFault.TooManyRequests);

        var error = await Assert.ThrowsAsync<ErpUnavailableException>(() => connector.PostAsync(BusinessCentralFixture.Entry(), CancellationToken.None));
        var retried = await connector.PostAsync(BusinessCentralFixture.Entry(), CancellationToken.None);

        Assert.Contains("429", error.Message, StringComparison.Ordinal);
        Assert.Contains("retry after 1 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _bc.ApiCalls().Count(c => c.PathAndQuery.EndsWith("$batch", StringComparison.Ordinal)));
        Assert.True(retried.Accepted, retried.Reason);
        Assert.Equal(1, _bc.Store.Posted(Document));
    }

    [Theory]
    [InlineData(ErpFault.ServiceUnavailable)]
    [InlineData(ErpFault.Timeout)]
    public async Task PostAsync_BatchWithoutAnAnswer_OutcomeUnknownThenFoundMissingAndPostedOnce(ErpFault fault)
    {
        using var connector = _bc.Connector();
        _bc.Faults.Next(ErpFault.None, 3).Next(fault);
        var entry = BusinessCentralFixture.Entry();

        await Assert.ThrowsAsync<ErpOutcomeUnknownException>(() => connector.PostAsync(entry, CancellationToken.None));
        var lookup = await connector.FindDocumentAsync(entry, CancellationToken.None);
        var retried = await connector.PostAsync(entry, CancellationToken.None);

        Assert.False(lookup.Found);
        Assert.True(lookup.Authoritative);
        Assert.True(retried.Accepted, retried.Reason);
        Assert.Equal(1, _bc.Store.Posted(Document));
        Assert.Equal(3, _bc.Store.LedgerEntries.Count);
    }

    [Fact]
    public async Task PostAsync_LinesCreatedAnswerLost_RetryPostsTheWaitingLinesAndCreatesNoSecondSet()
    {
        using var connector = _bc.Connector();
        _bc.Faults.Next(ErpFault.None, 3).Next(ErpFault.LoseAnswerAfterWrite);
        var entry = BusinessCentralFixture.Entry();

        await Assert.ThrowsAsync<ErpOutcomeUnknownException>(() => connector.PostAsync(entry, CancellationToken.None));
        Assert.Equal(3, _bc.Store.JournalLines.Count);
        var lookup = await connector.FindDocumentAsync(entry, CancellationToken.None);
        var retried = await connector.PostAsync(entry, CancellationToken.None);

        Assert.False(lookup.Found);
        Assert.True(lookup.Authoritative);
        Assert.True(retried.Accepted, retried.Reason);
        Assert.Equal(1, _bc.ApiCalls().Count(c => c.PathAndQuery.EndsWith("$batch", StringComparison.Ordinal)));
        Assert.Equal(1, _bc.Store.Posted(Document));
        Assert.Equal(3, _bc.Store.LedgerEntries.Count);
        Assert.Empty(_bc.Store.JournalLines);
    }

    [Fact]
    public async Task PostAsync_PostedAnswerLost_FoundByTheLookupAndNeverPostedAgain()
    {
        using var connector = _bc.Connector();
        _bc.Faults.Next(ErpFault.None, 4).Next(ErpFault.LoseAnswerAfterWrite);
        var entry = BusinessCentralFixture.Entry();

        await Assert.ThrowsAsync<ErpOutcomeUnknownException>(() => connector.PostAsync(entry, CancellationToken.None));
        var lookup = await connector.FindDocumentAsync(entry, CancellationToken.None);
        var again = await connector.PostAsync(entry, CancellationToken.None);

        Assert.Equal(Document, lookup.DocumentNumber);
        Assert.Empty(lookup.Differences);
        Assert.True(again.Accepted);
        Assert.Equal(1, _bc.ApiCalls().Count(c => c.PathAndQuery.EndsWith("Microsoft.NAV.post", StringComparison.Ordinal)));
        Assert.Equal(1, _bc.Store.Posted(Document));
    }

    [Fact]
    public async Task PostAsync_ManyReportsUnderRandomFaults_EachPostedExactlyOnce()
    {
        using var connector = _bc.Connector();
        _bc.Faults.SlowAnswer = TimeSpan.FromSeconds(3);
        _bc.Faults.Random(transient: 0.2, lostAnswers: 0.2, spikes: 0, seed: 7);
        var references = Enumerable.Range(1, 15).Select(i => $"FF-CANONICAL-R-{2000 + i}").ToList();

        foreach (var reference in references)
        {
            // What the poster does: send; on a lost answer, look it up and send again only when it is certainly not there, after a
            // back-off (the Durable retry's) that outlasts the circuit breaker's 15 s break when the faults open it.
            for (var attempt = 0; attempt < 30; attempt++)
            {
                try
                {
                    var entry = BusinessCentralFixture.Entry(reference);
                    if (attempt > 0 && (await connector.FindDocumentAsync(entry, CancellationToken.None)).Found)
                    {
                        break;
                    }

                    Assert.True((await connector.PostAsync(entry, CancellationToken.None)).Accepted);
                    break;
                }
                catch (Exception ex) when (ex is ErpUnavailableException or ErpOutcomeUnknownException)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250 * (attempt + 1), 2000)));
                }
            }
        }

        _bc.Faults.Clear();
        Assert.All(references, r => Assert.Equal(1, _bc.Store.Posted(r)));
        Assert.Equal(references.Count, (await connector.ListFinanceFlowTransactionsAsync(CancellationToken.None)).Count);
    }
}
