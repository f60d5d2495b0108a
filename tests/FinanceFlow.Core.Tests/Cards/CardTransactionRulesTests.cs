using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Model;
using static FinanceFlow.Core.Tests.Reports;

namespace FinanceFlow.Core.Tests.Cards;

/// <summary>Who books a card transaction's issuer liability: a report's claim and a batch journal's seal exclude each other.</summary>
public sealed class CardTransactionRulesTests
{
    private const string Journal = "FF-CARDS-US01-B-1";
    private const string Mine = "concur/R-1";
    private static readonly DateTimeOffset At = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly ReportedCardTransaction Reported = new(new CardTransactionRef("US01", "T9"), 41.94m, "USD", "E100", new DateOnly(2026, 11, 2), "Blue Bottle");

    [Fact]
    public void Claim_FeedHasNotDeliveredIt_InsertsTheReportsClaimWithWhatItCredits()
    {
        var claimed = CardTransactionRules.Claim(null, Reported, Mine, At);

        Assert.Equal((CardMatchState.ReportedBeforeFeed, (string?)null, Mine, 41.94m, "USD"),
            (claimed.State, claimed.BatchId, claimed.MatchedReport, claimed.ReportedAmount, claimed.ReportedCurrency));
        Assert.False(claimed.InBatchJournal);
    }

    [Fact]
    public void Claim_BatchRecordedItButBuiltNoJournalYet_TakesItForTheReport()
    {
        var claimed = CardTransactionRules.Claim(Fed(), Reported, Mine, At);

        Assert.Equal((CardMatchState.ReportedBeforeFeed, "B-1", Mine, true), (claimed.State, claimed.BatchId, claimed.MatchedReport, claimed.BookedByReport));
        Assert.False(CardTransactionRules.IsSealedFor(CardTransactionRules.Seal(claimed, "B-1", Journal), Journal));
    }

    [Fact]
    public void Claim_BatchJournalHoldsIt_LeavesItToTheBatchSoTheReportClearsIt()
    {
        var sealedRow = CardTransactionRules.Seal(Fed(), "B-1", Journal)!;

        var after = CardTransactionRules.Claim(sealedRow, Reported, Mine, At);

        Assert.Same(sealedRow, after);
        Assert.True(CardTransactionRules.IsSealedFor(after, Journal));
        Assert.Equal(["T9"], CardMatching.Match(CardReport("R-1"), new Dictionary<CardTransactionRef, CardTransactionRecord> { [Reported.Transaction] = after }).ClearedIds);
    }

    [Fact]
    public void Claim_AnotherReportsClaim_StaysThatReportsAndThisReportIsRejected()
    {
        var other = CardTransactionRules.Claim(null, Reported, "canonical/R-OTHER", At);

        var after = CardTransactionRules.Claim(other, Reported, Mine, At);
        var match = CardMatching.Match(CardReport("R-1"), new Dictionary<CardTransactionRef, CardTransactionRecord> { [Reported.Transaction] = after });

        Assert.Equal("canonical/R-OTHER", after.MatchedReport);
        Assert.Equal(CardMatching.MatchedElsewhere, Assert.Single(match.Findings).Code);
        Assert.Empty(match.Reported);
    }

    [Fact]
    public void Record_ReportClaimedItFirst_TakesTheFeedsDataAndKeepsTheClaim()
    {
        var claimed = CardTransactionRules.Claim(null, Reported, Mine, At);

        var recorded = CardTransactionRules.Record(claimed, Fed());

        Assert.Equal((CardMatchState.ReportedBeforeFeed, "B-1", Mine, 41.94m), (recorded.State, recorded.BatchId, recorded.MatchedReport, recorded.ReportedAmount));
        Assert.Equal("Blue Bottle Café", recorded.Merchant);
    }

    [Fact]
    public void Record_SameBatchAgainAfterItsJournalWasBuilt_KeepsTheSealSoNoReportCanClaimIt()
    {
        var sealedRow = CardTransactionRules.Seal(Fed(), "B-1", Journal)!;

        var recorded = CardTransactionRules.Record(sealedRow, Fed());

        Assert.Equal(Journal, recorded.BatchJournal);
        Assert.False(CardTransactionRules.Claim(recorded, Reported, Mine, At).BookedByReport);
    }

    [Fact]
    public void Seal_AnotherBatchsTransaction_LeavesIt()
    {
        Assert.Null(CardTransactionRules.Seal(Fed(), "B-2", "FF-CARDS-US01-B-2")!.BatchJournal);
    }

    [Fact]
    public void Match_ThisReportsClaim_CreditsTheCardPayableWithTheFindingOfWhereTheFeedStands()
    {
        var report = CardReport("R-1");
        var beforeFeed = CardTransactionRules.Claim(null, Reported, Mine, At);
        var beforeJournal = CardTransactionRules.Claim(Fed(), Reported, Mine, At);

        var unknown = CardMatching.Match(report, new Dictionary<CardTransactionRef, CardTransactionRecord> { [Reported.Transaction] = beforeFeed });
        var notPosted = CardMatching.Match(report, new Dictionary<CardTransactionRef, CardTransactionRecord> { [Reported.Transaction] = beforeJournal });

        Assert.Equal((CardMatching.Unknown, "T9"), (Assert.Single(unknown.Findings).Code, Assert.Single(unknown.Reported).Transaction.TransactionId));
        Assert.Equal((CardMatching.NotPosted, "T9"), (Assert.Single(notPosted.Findings).Code, Assert.Single(notPosted.Reported).Transaction.TransactionId));
        Assert.Empty(unknown.Cleared);
        Assert.Empty(notPosted.Cleared);
    }

    [Fact]
    public void Reserve_TransactionABatchJournalHolds_IsClearingForThatReportAndRefusedToTheNext()
    {
        var sealedRow = CardTransactionRules.Seal(Fed(), "B-1", Journal)!;

        var mine = CardTransactionRules.Reserve(sealedRow, Mine, At)!;
        var theirs = CardTransactionRules.Reserve(mine, "canonical/R-2", At)!;
        var second = CardMatching.Match(CardReport("R-2"), new Dictionary<CardTransactionRef, CardTransactionRecord> { [Reported.Transaction] = theirs });

        Assert.Equal((CardMatchState.Clearing, Mine), (mine.State, mine.MatchedReport));
        Assert.Same(mine, theirs);
        var refused = Assert.Single(second.Findings);
        Assert.Equal((CardMatching.MatchedElsewhere, FindingSeverity.Error), (refused.Code, refused.Severity));
        Assert.Contains($"is being cleared by report {Mine}, whose posting has not finished", refused.Message, StringComparison.Ordinal);
        Assert.Empty(second.Cleared);
    }

    [Fact]
    public void Reserve_ThisReportsOwnReservation_StillClearsIt()
    {
        var mine = CardTransactionRules.Reserve(CardTransactionRules.Seal(Fed(), "B-1", Journal), Mine, At)!;

        var match = CardMatching.Match(CardReport("R-1"), new Dictionary<CardTransactionRef, CardTransactionRecord> { [Reported.Transaction] = mine });

        Assert.Equal(["T9"], match.ClearedIds);
        Assert.Same(mine, CardTransactionRules.Reserve(mine, Mine, At));
    }

    [Fact]
    public void Reserve_TransactionNoBatchJournalHoldsOrAReportClaimed_LeavesIt()
    {
        var unsealed = Fed();
        var claimed = CardTransactionRules.Claim(null, Reported, "canonical/R-OTHER", At);

        Assert.Same(unsealed, CardTransactionRules.Reserve(unsealed, Mine, At));
        Assert.Same(claimed, CardTransactionRules.Reserve(claimed, Mine, At));
    }

    [Fact]
    public void ReleaseAndMatch_AfterAReservation_ReleaseFreesOnlyTheOwnAndMatchConfirmsIt()
    {
        var mine = CardTransactionRules.Reserve(CardTransactionRules.Seal(Fed(), "B-1", Journal), Mine, At)!;

        var released = CardTransactionRules.Release(mine, Mine)!;
        var notMine = CardTransactionRules.Release(mine, "canonical/R-2");
        var matched = CardTransactionRules.Match(mine, Mine, At.AddMinutes(5))!;
        var taken = CardTransactionRules.Match(mine, "canonical/R-2", At.AddMinutes(5));

        Assert.Equal((CardMatchState.Unmatched, (string?)null), (released.State, released.MatchedReport));
        Assert.Same(mine, notMine);
        Assert.Equal((CardMatchState.Matched, Mine, At.AddMinutes(5)), (matched.State, matched.MatchedReport, matched.MatchedAt));
        Assert.Same(mine, taken);
    }

    private static CardTransactionRecord Fed() =>
        new("US01", "T9", "B-1", "E100", new DateOnly(2026, 11, 2), "Blue Bottle Café", 41.94m, "USD", CardMatchState.Unmatched, null, null, null);

    private static ExpenseReport CardReport(string reportId) =>
        Report(Line("1", 41.94m, payment: PaymentType.CompanyCard) with { CardTransactionId = "T9" }) with { ReportId = reportId };
}
