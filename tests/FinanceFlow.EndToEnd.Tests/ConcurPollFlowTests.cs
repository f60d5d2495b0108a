using System.Text.Json.Nodes;
using FinanceFlow.Emulators.Concur;
using FinanceFlow.Testing;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>The sources' fixture with Concur's document list polled every 3 seconds and one document offered whose event is never sent.</summary>
public sealed class ConcurPollFixture : SourceFlowFixture
{
    public const string ReportId = "P0LL0E2E00000000A001";
    public const string FisId = "po11e2e0000000000000000000000001";

    protected override void Configure(IDictionary<string, string> settings)
    {
        settings["FinanceFlow__Sources__concur__Fis__PollSchedule"] = "*/3 * * * * *";
        var document = JsonNode.Parse(ConcurFisPayloads.Example(ConcurFisPayloads.Example21))!["fIDocuments"]![0]!["document"]!;
        document["report"]!["reportId"] = ReportId;
        Concur.Offer(ConcurFisPayloads.ListItem(FisId, document: document));
    }
}

/// <summary>What finance notices when Concur never delivered a document's event: the poll posts it anyway, once.</summary>
public sealed class ConcurPollFlowTests(ConcurPollFixture e2e) : IClassFixture<ConcurPollFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);
    private static readonly string ExpensePath = ConcurFisEmulator.TransactionsPathOf("expense");

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Poll_ReadyDocumentWhoseEventNeverCame_PostsOnceIsAcknowledgedAndLaterPollsFindNothing()
    {
        var concur = e2e.Concur;

        // No event is delivered: the scheduled poll finds the document, takes it and the report posts.
        await e2e.WaitForPostedAsync("concur", ConcurPollFixture.ReportId, Timeout);
        await WaitFor.ConditionAsync(() => Task.FromResult(concur.Acknowledged.Contains(ConcurPollFixture.FisId)), Timeout, "the acknowledgement at the FIS emulator");
        await WaitFor.ConditionAsync(
            () => Task.FromResult(concur.Received(ExpensePath + "/postingconfirmations").Any(e => e.RequestMessage.Body!.Contains(ConcurPollFixture.FisId, StringComparison.Ordinal))),
            Timeout, "the posting confirmation at the FIS emulator");

        // Two more polls list the queue, now empty: nothing is fetched, acknowledged or posted again.
        var listed = Lists(concur);
        await WaitFor.ConditionAsync(() => Task.FromResult(Lists(concur) >= listed + 2), Timeout, "two more polls of the document list");
        Assert.Single(concur.Received(ExpensePath), e => e.RequestMessage.Query!.TryGetValue("docId", out var id) && id.Single() == ConcurPollFixture.ReportId);
        Assert.Single(concur.Received(ExpensePath + "/acknowledgements"), e => e.RequestMessage.Body!.Contains(ConcurPollFixture.FisId, StringComparison.Ordinal));
        Assert.Equal(1, await e2e.Hledger.CountTransactionsWithCodeAsync(SourceFlowFixture.Code("concur", ConcurPollFixture.ReportId)));
    }

    private static int Lists(ConcurFisEmulator concur) =>
        concur.Received(ExpensePath).Count(e => e.RequestMessage.Query is not { } query || !query.ContainsKey("docId"));
}
