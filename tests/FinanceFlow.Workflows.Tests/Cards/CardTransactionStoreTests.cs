using FinanceFlow.Core.Cards;
using FinanceFlow.Infrastructure.Cards;
using FinanceFlow.Testing;

namespace FinanceFlow.Workflows.Tests.Cards;

/// <summary>
/// The card transaction store on a real Azurite: a report's claim and a batch's record and seal decide on one row, in either
/// order, at the same moment, and when the other writer lands between a read and its conditional write (409, 412).
/// </summary>
[Trait("Category", "Integration")]
public sealed class CardTransactionStoreTests : IClassFixture<AzuriteProcess>
{
    private const string Report = "canonical/R-1";
    private const string BatchId = "B-1";
    private const string Journal = "FF-CARDS-US01-B-1";
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly InterleavingTables _tables;
    private readonly TableCardTransactionStore _store;

    public CardTransactionStoreTests(AzuriteProcess azurite)
    {
        _tables = new InterleavingTables(azurite.ConnectionString);
        _store = new TableCardTransactionStore(_tables);
    }

    [Fact]
    public async Task RecordAsync_AfterAReportsClaim_KeepsTheClaimSoTheBatchJournalCannotSealIt()
    {
        await _store.ClaimAsync(Reported("T1"), Report, Now, CancellationToken.None);

        var recorded = await _store.RecordAsync(Fed("T1"), CancellationToken.None);
        var sealedRow = await _store.SealAsync("US01", "T1", BatchId, Journal, CancellationToken.None);

        Assert.Equal((CardMatchState.ReportedBeforeFeed, BatchId, Report, 41.94m), (recorded.State, recorded.BatchId, recorded.MatchedReport, recorded.ReportedAmount));
        Assert.False(CardTransactionRules.IsSealedFor(sealedRow, Journal));
        Assert.Null((await _store.GetAsync("US01", "T1", CancellationToken.None))!.BatchJournal);
    }

    [Fact]
    public async Task ClaimAsync_AfterTheBatchJournalSealedIt_LeavesItToTheBatch()
    {
        await _store.RecordAsync(Fed("T1"), CancellationToken.None);
        await _store.SealAsync("US01", "T1", BatchId, Journal, CancellationToken.None);

        var claimed = await _store.ClaimAsync(Reported("T1"), Report, Now, CancellationToken.None);

        Assert.Equal((CardMatchState.Unmatched, false, Journal), (claimed.State, claimed.BookedByReport, claimed.BatchJournal));
    }

    [Fact]
    public async Task ClaimAsync_BatchRecordedButBuiltNoJournalYet_TakesTheRowAndTheSealLeavesItOut()
    {
        await _store.RecordAsync(Fed("T1"), CancellationToken.None);

        var claimed = await _store.ClaimAsync(Reported("T1"), Report, Now, CancellationToken.None);
        var again = await _store.ClaimAsync(Reported("T1"), Report, Now.AddMinutes(5), CancellationToken.None);
        var sealedRow = await _store.SealAsync("US01", "T1", BatchId, Journal, CancellationToken.None);

        Assert.Equal((CardMatchState.ReportedBeforeFeed, BatchId, Report), (claimed.State, claimed.BatchId, claimed.MatchedReport));
        Assert.Equal(claimed, again);
        Assert.False(CardTransactionRules.IsSealedFor(sealedRow, Journal));
    }

    [Fact]
    public async Task ClaimAndBatch_AtTheSameMomentManyTimes_ExactlyOneOfThemBooksTheLiability()
    {
        for (var i = 0; i < 40; i++)
        {
            var id = $"T{i}";
            var batch = Task.Run(async () =>
            {
                await _store.RecordAsync(Fed(id), CancellationToken.None);
                return await _store.SealAsync("US01", id, BatchId, Journal, CancellationToken.None);
            });
            var report = Task.Run(() => _store.ClaimAsync(Reported(id), Report, Now, CancellationToken.None));
            await Task.WhenAll((Task)batch, report);

            var reportBooks = await report is { BookedByReport: true, MatchedReport: Report };
            var batchBooks = CardTransactionRules.IsSealedFor(await batch, Journal);
            Assert.True(reportBooks != batchBooks, $"{id}: the report {(reportBooks ? "books" : "does not book")} the liability, the batch {(batchBooks ? "books" : "does not book")} it");
            var stored = await _store.GetAsync("US01", id, CancellationToken.None);
            Assert.Equal((reportBooks, batchBooks, BatchId), (stored!.BookedByReport, stored.BatchJournal == Journal, stored.BatchId));
        }
    }

    [Fact]
    public async Task ClaimAsync_BatchInsertsBetweenItsReadAndItsInsert_RetriesOn409AndClaimsTheRowNoJournalHolds()
    {
        _tables.After("T1", () => _store.RecordAsync(Fed("T1"), CancellationToken.None));

        var claimed = await _store.ClaimAsync(Reported("T1"), Report, Now, CancellationToken.None);

        Assert.True(_tables.Refused >= 1);
        Assert.Equal((CardMatchState.ReportedBeforeFeed, BatchId, Report, "Blue Bottle Café"), (claimed.State, claimed.BatchId, claimed.MatchedReport, claimed.Merchant));
    }

    [Fact]
    public async Task ClaimAsync_BatchRecordsAndSealsBetweenItsReadAndItsInsert_RetriesOn409AndLeavesItToTheBatch()
    {
        _tables.After("T1", async () =>
        {
            await _store.RecordAsync(Fed("T1"), CancellationToken.None);
            await _store.SealAsync("US01", "T1", BatchId, Journal, CancellationToken.None);
        });

        var claimed = await _store.ClaimAsync(Reported("T1"), Report, Now, CancellationToken.None);

        Assert.True(_tables.Refused >= 1);
        Assert.Equal((false, Journal), (claimed.BookedByReport, claimed.BatchJournal));
    }

    [Fact]
    public async Task SealAsync_ReportClaimsBetweenItsReadAndItsWrite_RetriesOn412AndLeavesItOut()
    {
        await _store.RecordAsync(Fed("T1"), CancellationToken.None);
        _tables.After("T1", () => _store.ClaimAsync(Reported("T1"), Report, Now, CancellationToken.None));

        var sealedRow = await _store.SealAsync("US01", "T1", BatchId, Journal, CancellationToken.None);

        Assert.True(_tables.Refused >= 1);
        Assert.False(CardTransactionRules.IsSealedFor(sealedRow, Journal));
        Assert.Equal((CardMatchState.ReportedBeforeFeed, Report, (string?)null), (sealedRow!.State, sealedRow.MatchedReport, sealedRow.BatchJournal));
    }

    [Fact]
    public async Task RecordAsync_ReportClaimsBetweenItsReadAndItsWrite_RetriesOn412AndKeepsTheClaim()
    {
        // The batch runs again (its first run waited for master data, so no journal holds the transaction yet).
        await _store.RecordAsync(Fed("T1"), CancellationToken.None);
        _tables.After("T1", () => _store.ClaimAsync(Reported("T1"), Report, Now, CancellationToken.None));

        var recorded = await _store.RecordAsync(Fed("T1") with { Merchant = "Blue Bottle Coffee" }, CancellationToken.None);

        Assert.True(_tables.Refused >= 1);
        Assert.Equal((CardMatchState.ReportedBeforeFeed, Report, 41.94m), (recorded.State, recorded.MatchedReport, recorded.ReportedAmount));
        Assert.Equal(recorded, await _store.GetAsync("US01", "T1", CancellationToken.None));
    }

    private static CardTransactionRecord Fed(string id) =>
        new("US01", id, BatchId, "E100", new DateOnly(2026, 11, 2), "Blue Bottle Café", 41.94m, "USD", CardMatchState.Unmatched, null, null, null);

    private static ReportedCardTransaction Reported(string id) =>
        new(new CardTransactionRef("US01", id), 41.94m, "USD", "E100", new DateOnly(2026, 11, 2), "Blue Bottle");
}
