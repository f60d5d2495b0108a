using Azure.Storage.Blobs;
using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Cards;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.MasterData;
using Moq;

namespace FinanceFlow.Workflows.Tests.Cards;

/// <summary>A report names a card transaction before its batch arrives: the card activities on the real stores of an Azurite.</summary>
[Trait("Category", "Integration")]
public sealed class CardReportedBeforeFeedTests : IClassFixture<AzuriteProcess>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly string _batchId = "B-" + Guid.NewGuid().ToString("N")[..10];
    private readonly TableCardTransactionStore _transactions;
    private readonly TableAuditTrail _audit;
    private readonly BlobRawPayloadStore _blobs;
    private readonly CardMatchActivities _matches;
    private readonly CardBatchActivities _batches;

    public CardReportedBeforeFeedTests(AzuriteProcess azurite)
    {
        var tables = new FreshTables(azurite.ConnectionString);
        var time = new FixedTime(Now);
        _transactions = new TableCardTransactionStore(tables);
        _audit = new TableAuditTrail(tables);
        _blobs = new BlobRawPayloadStore(new BlobServiceClient(azurite.ConnectionString));
        var audit = new StepAudit(_audit, time);
        _matches = new CardMatchActivities(_transactions, audit, time);
        _batches = new CardBatchActivities(
            _blobs, _transactions, new TableCardBatchStore(tables), Mock.Of<IMasterDataSource>(), new StaticOptions<MasterDataOptions>(new()),
            new StaticOptions<AccountMap>(new AccountMap()), audit, time);
    }

    [Fact]
    public async Task BuildCardJournal_TransactionAReportBookedFirst_LeavesItOutAndMatchesItToThatReport()
    {
        Assert.Equal(1, await _matches.MarkCardTransactionsMatched(Marked("R-1", 41.94m), CancellationToken.None));
        Assert.Equal(1, await _matches.MarkCardTransactionsMatched(Marked("R-1", 41.94m), CancellationToken.None));
        var reported = await _transactions.GetAsync("US01", "T9", CancellationToken.None);
        Assert.Equal((CardMatchState.ReportedBeforeFeed, null, "canonical/R-1", 41.94m), (reported!.State, reported.BatchId, reported.MatchedReport, reported.ReportedAmount));

        var request = await BatchRequestAsync();
        var recorded = await _batches.RecordCardTransactions(request, CancellationToken.None);
        var journal = await _batches.BuildCardJournal(request, CancellationToken.None);

        Assert.Empty(recorded.Findings);
        Assert.Equal(["T9"], journal.LeftOut);
        Assert.True(journal.Entry!.IsBalanced);
        Assert.Equal(
            [(AccountRole.CardClearing, 30.00m, 0m), (AccountRole.CardPayable, 0m, 30.00m)],
            journal.Entry.Lines.Select(l => (l.Role, l.Debit, l.Credit)));
        var matched = await _transactions.GetAsync("US01", "T9", CancellationToken.None);
        Assert.Equal((CardMatchState.Matched, _batchId, "canonical/R-1", false), (matched!.State, matched.BatchId, matched.MatchedReport, matched.IsPosted));
        var trail = await _audit.ReadAsync(CardBatch.KeyOf("US01", _batchId), CancellationToken.None);
        Assert.Contains("T9 left out, Matched: report canonical/R-1 credited 41.94 USD", Assert.Single(trail, a => a.Step == nameof(CardBatchActivities.BuildCardJournal)).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarkCardTransactionsMatched_AnotherReportNamesATransactionAlreadyMatched_NeverTakesItOver()
    {
        await _matches.MarkCardTransactionsMatched(Marked("R-1", 40.00m), CancellationToken.None);
        var request = await BatchRequestAsync();
        await _batches.RecordCardTransactions(request, CancellationToken.None);
        var journal = await _batches.BuildCardJournal(request, CancellationToken.None);

        var taken = await _matches.MarkCardTransactionsMatched(Marked("R-2", 41.94m), CancellationToken.None);

        Assert.Equal(0, taken);
        Assert.Contains(journal.Findings, f => f is { Code: CardBatchSettlement.ReportedAmountDiffers, Severity: FindingSeverity.Warning } && f.Message.Contains("41.94 USD on the statement", StringComparison.Ordinal) && f.Message.Contains("credited 40.00 USD", StringComparison.Ordinal));
        var stored = await _transactions.GetAsync("US01", "T9", CancellationToken.None);
        Assert.Equal((CardMatchState.Matched, "canonical/R-1", 40.00m), (stored!.State, stored.MatchedReport, stored.ReportedAmount));
    }

    private static CardMatchedRequest Marked(string reportId, decimal amount) => new(
        new StepContext("canonical", reportId, 1, "canonical:" + reportId, "test"),
        [],
        [new ReportedCardTransaction(new CardTransactionRef("US01", "T9"), amount, "USD", "E100", new DateOnly(2026, 11, 2), "Blue Bottle Café")]);

    private async Task<CardBatchRequest> BatchRequestAsync()
    {
        var json = $$"""
            { "batchId": "{{_batchId}}", "legalEntity": "US01", "cardProgram": "AMEX Corporate", "statementDate": "2026-11-05", "currency": "USD",
              "transactions": [ { "transactionId": "T9", "employeeId": "E100", "postedDate": "2026-11-02", "merchant": "Blue Bottle Café", "amount": 41.94 },
                                { "transactionId": "T10", "employeeId": "E100", "postedDate": "2026-11-03", "merchant": "Yellow Cab", "amount": 30.00 } ] }
            """;
        var blob = await _blobs.SaveAsync("cards", "msg-" + _batchId, Now, BinaryData.FromString(json), CancellationToken.None);
        var key = CardBatch.KeyOf("US01", _batchId);
        return new CardBatchRequest(new StepContext(key.Source, key.ReportId, 1, $"cards:US01:{_batchId}", "/feeds/amex"), blob, Now);
    }
}
