using FinanceFlow.Connectors.Erp;
using FinanceFlow.Emulators.Erp;

namespace FinanceFlow.Connectors.Tests.S4Hana;

/// <summary>Faults on the way to SAP: what is retried, what is unknown, and that a lost answer never yields a second entry.</summary>
public sealed class S4HanaFaultTests
{
    private const string Reference = "FF-CANONICAL-R-1001";

    [Fact]
    public async Task PostAsync_AnswerLostAfterSapPosted_IsUnknownAndTheNextPostFindsTheEntry()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();
        ledger.Emulator.Faults.Next(ErpFault.None).Next(ErpFault.LoseAnswerAfterWrite);

        await Assert.ThrowsAsync<ErpOutcomeUnknownException>(() => ledger.Connector.PostAsync(S4HanaTestLedger.Entry(), CancellationToken.None));
        var lookup = await ledger.Connector.FindDocumentAsync(S4HanaTestLedger.Entry(), CancellationToken.None);
        var again = await ledger.Connector.PostAsync(S4HanaTestLedger.Entry(), CancellationToken.None);

        Assert.Equal(("0100000001/1010/2026", 1), (lookup.DocumentNumber, lookup.Copies));
        Assert.Empty(lookup.Differences);
        Assert.True(again.Accepted);
        Assert.Equal("0100000001/1010/2026", again.DocumentNumber);
        Assert.Equal(1, ledger.Count(Reference));
        Assert.Single(ledger.Emulator.SoapRequests);
    }

    [Fact]
    public async Task FindDocumentAsync_ReadLagsBehindThePosting_IsNotAuthoritativeSoThePosterLeavesItInDoubt()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();
        ledger.Emulator.ReadLag = 2;
        ledger.Emulator.Faults.Next(ErpFault.None).Next(ErpFault.LoseAnswerAfterWrite);
        await Assert.ThrowsAsync<ErpOutcomeUnknownException>(() => ledger.Connector.PostAsync(S4HanaTestLedger.Entry(), CancellationToken.None));

        var lagging = await ledger.Connector.FindDocumentAsync(S4HanaTestLedger.Entry(), CancellationToken.None);
        await ledger.Connector.FindDocumentAsync(S4HanaTestLedger.Entry(), CancellationToken.None);
        var caughtUp = await ledger.Connector.FindDocumentAsync(S4HanaTestLedger.Entry(), CancellationToken.None);

        Assert.False(ledger.Connector.HasAuthoritativeLookup);
        Assert.False(lagging.Found);
        Assert.False(lagging.Authoritative);
        Assert.True(caughtUp.Found);
        Assert.Equal(1, ledger.Count(Reference));
    }

    [Fact]
    public async Task PostAsync_ExpiredToken_IsRenewedOnceThenRefusedCredentialsAreAnAuthenticationError()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();
        ledger.Emulator.Faults.Next(ErpFault.Unauthorized);

        var renewed = await ledger.Connector.PostAsync(S4HanaTestLedger.Entry(), CancellationToken.None);
        ledger.Emulator.Faults.Next(ErpFault.Unauthorized, 2);
        var refused = await Assert.ThrowsAsync<ErpAuthenticationException>(() => ledger.Connector.PostAsync(S4HanaTestLedger.Entry("FF-CANONICAL-R-1002"), CancellationToken.None));

        Assert.True(renewed.Accepted);
        Assert.Equal(3, ledger.Emulator.Host.TokensIssued);
        Assert.Contains("SAP S/4HANA refused FinanceFlow's credentials", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, ledger.Count("FF-CANONICAL-R-1002"));
    }

    [Fact]
    public async Task FindDocumentAsync_TooManyRequestsWithRetryAfter_IsRetriedAfterTheWait()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync(new Dictionary<string, string?> { ["TimeoutSeconds"] = "5" });
        ledger.Emulator.Faults.Next(ErpFault.TooManyRequests);
        var started = DateTimeOffset.UtcNow;

        var lookup = await ledger.Connector.FindDocumentAsync(S4HanaTestLedger.Entry(), CancellationToken.None);

        Assert.False(lookup.Found);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(0.9), "Retry-After: 1 was not honoured");
        Assert.Equal([ErpFault.TooManyRequests, ErpFault.None], ledger.Emulator.Host.Calls.Where(c => c.Method == "GET").Select(c => c.Fault));
    }

    [Fact]
    public async Task PostAsync_TooManyRequestsOnTheSend_IsUnavailableAndNotRepeated()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();
        ledger.Emulator.Faults.Next(ErpFault.None).Next(ErpFault.TooManyRequests);

        var error = await Assert.ThrowsAsync<ErpUnavailableException>(() => ledger.Connector.PostAsync(S4HanaTestLedger.Entry(), CancellationToken.None));

        Assert.Contains("429", error.Message, StringComparison.Ordinal);
        Assert.Contains("retry after 1 s", error.Message, StringComparison.Ordinal);
        Assert.Single(ledger.Emulator.SoapRequests);
        Assert.Equal(0, ledger.Count(Reference));
    }

    [Fact]
    public async Task PostAsync_ServiceUnavailableOnTheSend_IsUnknownAndNotRepeated()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();
        ledger.Emulator.Faults.Next(ErpFault.None).Next(ErpFault.ServiceUnavailable);

        var error = await Assert.ThrowsAsync<ErpOutcomeUnknownException>(() => ledger.Connector.PostAsync(S4HanaTestLedger.Entry(), CancellationToken.None));

        Assert.Contains("503", error.Message, StringComparison.Ordinal);
        Assert.Single(ledger.Emulator.SoapRequests);
    }

    [Fact]
    public async Task FindDocumentAsync_ServiceUnavailableOnce_IsRetried()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync();
        await ledger.Connector.PostAsync(S4HanaTestLedger.Entry(), CancellationToken.None);
        ledger.Emulator.Faults.Next(ErpFault.ServiceUnavailable);

        var lookup = await ledger.Connector.FindDocumentAsync(S4HanaTestLedger.Entry(), CancellationToken.None);

        Assert.True(lookup.Found);
    }

    [Fact]
    public async Task PostAsync_SapDoesNotAnswerInTime_IsUnknownAfterTheTimeLimit()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync(new Dictionary<string, string?> { ["TimeoutSeconds"] = "1" });
        ledger.Emulator.Faults.Next(ErpFault.None).Next(ErpFault.Timeout);

        var error = await Assert.ThrowsAsync<ErpOutcomeUnknownException>(() => ledger.Connector.PostAsync(S4HanaTestLedger.Entry(), CancellationToken.None));

        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
        Assert.Single(ledger.Emulator.SoapRequests);
    }

    [Fact]
    public async Task PostAsync_BasicAuthentication_SendsTheCommunicationUserAndARefusalIsAnAuthenticationError()
    {
        await using var ledger = await S4HanaTestLedger.StartAsync(new Dictionary<string, string?> { ["TokenEndpoint"] = null, ["ClientId"] = "CC_FFLOW", ["ClientSecret"] = "pa:ss" });

        await Assert.ThrowsAsync<ErpAuthenticationException>(() => ledger.Connector.PostAsync(S4HanaTestLedger.Entry(), CancellationToken.None));

        var call = Assert.Single(ledger.Emulator.Host.Calls);
        Assert.Equal("Basic " + Convert.ToBase64String("CC_FFLOW:pa:ss"u8.ToArray()), call.Headers["Authorization"]);
        Assert.Equal(0, ledger.Emulator.Host.TokensIssued);
    }
}
