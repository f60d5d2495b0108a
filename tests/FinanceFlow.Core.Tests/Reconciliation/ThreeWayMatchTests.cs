using FinanceFlow.Core.Model;
using FinanceFlow.Core.Reconciliation;

namespace FinanceFlow.Core.Tests.Reconciliation;

public sealed class ThreeWayMatchTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 1, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2026, 12, 4);
    private static readonly ThreeWayOptions Options = new(Now, TimeSpan.FromHours(4), ThreeWayOptions.Redrivable);

    [Fact]
    public void Run_AllThreeSidesAgree_MatchesEveryJournalWithNoFinding()
    {
        var result = Run([Approved("R1", 120.50m), Approved("R2", 80m)], [Tracked("R1", 120.50m), Tracked("R2", 80m)], [Posting("R1", 120.50m), Posting("R2", 80m)],
            [Entry("R1", 120.50m), Entry("R2", 80m)]);

        Assert.Empty(result.Findings);
        Assert.Equal(2, result.Matched);
        Assert.All(result.Counts.Values, count => Assert.Equal(0, count));
    }

    [Fact]
    public void Run_ApprovedDocumentNeverReachedFinanceFlow_IsMissingInFinanceFlowAndRedriven()
    {
        var result = Run([Approved("R1", 120.50m), Approved("R9", 45m)], [Tracked("R1", 120.50m)], [Posting("R1", 120.50m)], [Entry("R1", 120.50m)]);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(ThreeWayClasses.MissingInFinanceFlow, finding.Class);
        Assert.Equal("R9", finding.DocumentId);
        Assert.Equal("45.00 USD", finding.Theirs);
        Assert.True(finding.Redrive);
    }

    [Fact]
    public void Run_RedriveOfAClassTurnedOff_ReportsItWithoutRedrive()
    {
        var options = Options with { Redrive = new HashSet<string>() };

        var result = ThreeWayMatch.Run([Approved("R9", 45m)], [], [], [], options);

        Assert.False(Assert.Single(result.Findings).Redrive);
    }

    [Fact]
    public void Run_PostingDeletedFromTheLedger_IsMissingInErpAndRedriven()
    {
        var result = Run([Approved("R1", 120.50m)], [Tracked("R1", 120.50m)], [Posting("R1", 120.50m)], []);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(ThreeWayClasses.MissingInErp, finding.Class);
        Assert.Equal("FF-CONCUR-R1", finding.Reference);
        Assert.Equal("us01", finding.Ledger);
        Assert.True(finding.Redrive);
    }

    [Fact]
    public void Run_IntentNotYetPosted_IsNotMissingInErp()
    {
        var result = Run([Approved("R1", 120.50m)], [Tracked("R1", 120.50m, ReportOutcome.Pending, Now.AddMinutes(-5))], [Posting("R1", 120.50m, posted: false)], []);

        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Run_PostingDoubledInTheLedger_IsDuplicateInErpAndNeverRedriven()
    {
        var result = Run([Approved("R1", 120.50m)], [Tracked("R1", 120.50m)], [Posting("R1", 120.50m)], [Entry("R1", 120.50m), Entry("R1", 120.50m)]);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(ThreeWayClasses.DuplicateInErp, finding.Class);
        Assert.Contains("2 times", finding.Message, StringComparison.Ordinal);
        Assert.False(finding.Redrive);
        Assert.Equal(0, result.Matched);
    }

    [Fact]
    public void Run_LedgerAmountChanged_IsAmountMismatchNamingBothAmounts()
    {
        var result = Run([Approved("R1", 120.50m)], [Tracked("R1", 120.50m)], [Posting("R1", 120.50m)], [Entry("R1", 102.50m)]);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(ThreeWayClasses.AmountMismatch, finding.Class);
        Assert.Equal("120.50 USD", finding.Ours);
        Assert.Equal("102.50 USD", finding.Theirs);
        Assert.False(finding.Redrive);
    }

    [Fact]
    public void Run_SameAmountInAnotherCurrency_IsAmountMismatch()
    {
        var result = Run([Approved("R1", 120.50m)], [Tracked("R1", 120.50m)], [Posting("R1", 120.50m)], [Entry("R1", 120.50m) with { Currency = "CAD" }]);

        Assert.Equal("120.50 CAD", Assert.Single(result.Findings).Theirs);
    }

    [Fact]
    public void Run_PlatformAmountDiffersFromFinanceFlows_IsAmountMismatchBetweenPlatformAndFinanceFlow()
    {
        var result = Run([Approved("R1", 130m)], [Tracked("R1", 120.50m)], [Posting("R1", 120.50m)], [Entry("R1", 120.50m)]);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(ThreeWayClasses.AmountMismatch, finding.Class);
        Assert.Null(finding.Reference);
        Assert.Equal("120.50 USD", finding.Ours);
        Assert.Equal("130.00 USD", finding.Theirs);
    }

    [Fact]
    public void Run_LedgerEntryLostItsReference_MatchesByEmployeeAmountAndDateAndDoesNotRedrive()
    {
        var result = Run([Approved("R1", 120.50m)], [Tracked("R1", 120.50m)], [Posting("R1", 120.50m)], [Entry(null, 120.50m)]);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(ThreeWayClasses.ReferenceLost, finding.Class);
        Assert.False(finding.Redrive);
    }

    [Fact]
    public void Run_OneUnreferencedEntryForTwoMissingJournals_ExplainsOnlyOne()
    {
        var result = Run([], [Tracked("R1", 50m), Tracked("R2", 50m)], [Posting("R1", 50m), Posting("R2", 50m)], [Entry(null, 50m)]);

        Assert.Equal(1, result.Counts[ThreeWayClasses.ReferenceLost]);
        Assert.Equal(1, result.Counts[ThreeWayClasses.MissingInErp]);
    }

    [Fact]
    public void Run_ApprovedDocumentFinanceFlowNeverSawButTheLedgerHoldsLikeIt_IsNotRedriven()
    {
        var result = Run([Approved("R9", 45m)], [], [], [Entry(null, 45m)]);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(ThreeWayClasses.MissingInFinanceFlow, finding.Class);
        Assert.False(finding.Redrive);
        Assert.Contains("by hand", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PendingWithNoChangeForLongerThanTheThreshold_IsStuckInFlight()
    {
        var result = Run([Approved("R1", 10m), Approved("R2", 20m)],
            [Tracked("R1", 10m, ReportOutcome.Pending, Now.AddHours(-5)), Tracked("R2", 20m, ReportOutcome.Pending, Now.AddHours(-1))], [], []);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(ThreeWayClasses.StuckInFlight, finding.Class);
        Assert.Equal("R1", finding.DocumentId);
    }

    [Theory]
    [InlineData(ReportOutcome.PostingFailed, false, 1)]
    [InlineData(ReportOutcome.PostingInDoubt, false, 1)]
    [InlineData(ReportOutcome.PostingFailed, true, 0)]
    [InlineData(ReportOutcome.Rejected, false, 0)]
    public void Run_FailedRun_IsFailedUnresolvedUntilSomeoneResolvesIt(ReportOutcome outcome, bool resolved, int expected)
    {
        var result = Run([Approved("R1", 10m)], [Tracked("R1", 10m, outcome, Now.AddDays(-2)) with { Resolved = resolved }], [], []);

        Assert.Equal(expected, result.Counts[ThreeWayClasses.FailedUnresolved]);
    }

    [Fact]
    public void Run_LedgerPaidAndFinanceFlowStillPosted_IsPaidNotSynced()
    {
        var result = Run([Approved("R1", 10m), Approved("R2", 20m)], [Tracked("R1", 10m), Tracked("R2", 20m) with { Paid = true }], [Posting("R1", 10m), Posting("R2", 20m)],
            [Entry("R1", 10m) with { Paid = true }, Entry("R2", 20m) with { Paid = true }]);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(ThreeWayClasses.PaidNotSynced, finding.Class);
        Assert.Equal("R1", finding.DocumentId);
        Assert.Equal(1, result.Matched);
    }

    [Fact]
    public void Run_EntryUnderAnEditedReference_IsFoundByWhatItBooks()
    {
        var result = Run([Approved("R1", 120.50m)], [Tracked("R1", 120.50m)], [Posting("R1", 120.50m)], [Entry("R1-EDITED", 120.50m)]);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(ThreeWayClasses.ReferenceLost, finding.Class);
        Assert.Contains("under FF-CONCUR-R1-EDITED", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PostingNamingNoDocument_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => ThreeWayMatch.Run([], [], [new TrackedPosting(0, "FF-CONCUR-R1", "us01", 1m, "USD", Day, true)], [], Options));

        Assert.Contains("FF-CONCUR-R1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RedriveOfAMismatchAsked_IsRefused()
    {
        var options = Options with { Redrive = new HashSet<string> { ThreeWayClasses.AmountMismatch } };

        var error = Assert.Throws<ArgumentException>(() => ThreeWayMatch.Run([], [], [], [], options));

        Assert.Contains(ThreeWayClasses.AmountMismatch, error.Message, StringComparison.Ordinal);
    }

    private static ThreeWayResult Run(ApprovedDocument[] platform, TrackedDocument[] documents, Journal[] postings, LedgerEntry[] ledger) =>
        ThreeWayMatch.Run(
            platform,
            documents,
            [.. postings.Select(p => new TrackedPosting(Array.FindIndex(documents, d => d.DocumentId == p.Id), "FF-CONCUR-" + p.Id, "us01", p.Amount, "USD", Day, p.Posted))],
            ledger,
            Options);

    private static ApprovedDocument Approved(string id, decimal amount) => new(SourceNames.Concur, id, "E100", amount, "USD", Day);

    private static TrackedDocument Tracked(string id, decimal amount, ReportOutcome outcome = ReportOutcome.Posted, DateTimeOffset? changed = null) =>
        new(SourceNames.Concur, id, "E100", outcome, amount, "USD", changed ?? Now.AddDays(-2));

    private static Journal Posting(string id, decimal amount, bool posted = true) => new(id, amount, posted);

    private static LedgerEntry Entry(string? id, decimal amount) => new("us01", id is null ? null : "FF-CONCUR-" + id, "E100", amount, "USD", Day);

    private sealed record Journal(string Id, decimal Amount, bool Posted);
}
