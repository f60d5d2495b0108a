using FinanceFlow.Core.Reconciliation;

namespace FinanceFlow.Core.Tests.Reconciliation;

/// <summary>FinanceFlow's postings against what an ERP ledger holds: every difference a finding naming the reference.</summary>
public sealed class LedgerReconciliationTests
{
    private const string Ledger = "us01";
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 1, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(15);

    [Fact]
    public void Reconcile_BothSidesHoldEachPostingOnceWithItsAmounts_MatchesAllWithNoFinding()
    {
        var result = LedgerReconciliation.Reconcile(
            Ledger, [Erp("FF-CANONICAL-R-1", 184.35m), Erp("FF-CARDS-US01-B-1", 71.94m)], [Posted("FF-CANONICAL-R-1", 184.35m), Posted("FF-CARDS-US01-B-1", 71.94m)], Now, Grace);

        Assert.Equal((2, 2, 2), (result.ErpTransactions, result.RecordedPostings, result.Matched));
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Reconcile_LedgerHoldsAReferenceTwice_IsADuplicateError()
    {
        var result = LedgerReconciliation.Reconcile(Ledger, [Erp("FF-CANONICAL-R-1", 50m), Erp("FF-CANONICAL-R-1", 50m, day: 27)], [Posted("FF-CANONICAL-R-1", 50m)], Now, Grace);

        var finding = Assert.Single(result.Findings);
        Assert.Equal((ReconciliationCodes.DuplicateInErp, ReconciliationCodes.Error, "FF-CANONICAL-R-1"), (finding.Code, finding.Severity, finding.Reference));
        Assert.Contains("2 times (dated 2026-11-26, 2026-11-27)", finding.Message, StringComparison.Ordinal);
        Assert.Equal(0, result.Matched);
    }

    [Fact]
    public void Reconcile_RecordedAsPostedButNotInTheLedger_IsMissingInErp()
    {
        var result = LedgerReconciliation.Reconcile(Ledger, [], [Posted("FF-CANONICAL-R-2", 10m)], Now, Grace);

        var finding = Assert.Single(result.Findings);
        Assert.Equal((ReconciliationCodes.MissingInErp, ReconciliationCodes.Error), (finding.Code, finding.Severity));
        Assert.Contains("re-post only after the ERP confirms it is absent", finding.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void Reconcile_FinanceFlowCodeInTheLedgerWithoutAPosting_IsNotRecorded_OtherCodesAreNotOurs()
    {
        var foreign = new ErpLedgerTransaction("INV-2026-001", new DateOnly(2026, 11, 26), "supplier invoice", new Dictionary<string, decimal> { ["USD"] = 900m });

        var result = LedgerReconciliation.Reconcile(Ledger, [Erp("FF-CANONICAL-R-3", 10m), foreign], [], Now, Grace);

        var finding = Assert.Single(result.Findings);
        Assert.Equal((ReconciliationCodes.NotRecorded, "FF-CANONICAL-R-3"), (finding.Code, finding.Reference));
        Assert.Equal(1, result.ErpTransactions);
    }

    [Fact]
    public void Reconcile_IntentOnlyButTheLedgerHoldsIt_IsPostedNotRecordedWithTheRetryToSettleIt()
    {
        var result = LedgerReconciliation.Reconcile(Ledger, [Erp("FF-CANONICAL-R-4", 10m)], [Intent("FF-CANONICAL-R-4", leaseUntil: Now.AddHours(-3))], Now, Grace);

        var finding = Assert.Single(result.Findings);
        Assert.Equal((ReconciliationCodes.PostedNotRecorded, ReconciliationCodes.Warning), (finding.Code, finding.Severity));
        Assert.Contains("/retry", finding.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void Reconcile_IntentNotInTheLedger_IsReportedOnlyOnceItsLeaseRanOutLongerThanTheGrace()
    {
        var stale = LedgerReconciliation.Reconcile(Ledger, [], [Intent("FF-CANONICAL-R-5", leaseUntil: Now.AddMinutes(-16))], Now, Grace);
        var live = LedgerReconciliation.Reconcile(Ledger, [], [Intent("FF-CANONICAL-R-5", leaseUntil: Now.AddMinutes(-14))], Now, Grace);

        Assert.Equal(ReconciliationCodes.IntentNotPosted, Assert.Single(stale.Findings).Code);
        Assert.Empty(live.Findings);
    }

    [Fact]
    public void Reconcile_LedgerAmountsDifferFromTheJournal_IsAnAmountErrorNamingBoth()
    {
        var edited = LedgerReconciliation.Reconcile(Ledger, [Erp("FF-CANONICAL-R-6", 184.30m)], [Posted("FF-CANONICAL-R-6", 184.35m)], Now, Grace);
        var otherCurrency = LedgerReconciliation.Reconcile(Ledger, [Erp("FF-CANONICAL-R-6", 184.35m, "EUR")], [Posted("FF-CANONICAL-R-6", 184.35m)], Now, Grace);

        var finding = Assert.Single(edited.Findings);
        Assert.Equal(ReconciliationCodes.AmountDiffers, finding.Code);
        Assert.Equal("FF-CANONICAL-R-6: FinanceFlow posted 184.35 USD, the ledger holds 184.30 USD.", finding.Message);
        Assert.Contains("184.35 EUR", Assert.Single(otherCurrency.Findings).Message, StringComparison.Ordinal);
        Assert.Equal(0, edited.Matched);
    }

    [Fact]
    public void Reconcile_RowWrittenBeforeAmountsWereKept_ChecksPresenceOnly()
    {
        var legacy = Posted("FF-CANONICAL-R-7", 1m) with { Currency = null, TotalDebit = null };

        var result = LedgerReconciliation.Reconcile(Ledger, [Erp("FF-CANONICAL-R-7", 999m)], [legacy], Now, Grace);

        Assert.Equal(1, result.Matched);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Reconcile_TrailingZerosInTheLedger_AreTheSameAmount()
    {
        var result = LedgerReconciliation.Reconcile(Ledger, [Erp("FF-CANONICAL-R-8", 184.3500m)], [Posted("FF-CANONICAL-R-8", 184.35m)], Now, Grace);

        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Reconcile_InDoubtAndTheLedgerHoldsItWithTheAmounts_IsSettledAsPostedAndMatched()
    {
        var result = LedgerReconciliation.Reconcile(Ledger, [Erp("FF-CANONICAL-R-9", 42.50m)], [InDoubt("FF-CANONICAL-R-9", 42.50m)], Now, Grace, authoritative: false);

        var finding = Assert.Single(result.Findings);
        Assert.Equal((ReconciliationCodes.InDoubtInErp, ReconciliationCodes.Warning), (finding.Code, finding.Severity));
        Assert.Contains("recorded as posted", finding.Message, StringComparison.Ordinal);
        Assert.Equal(1, result.Matched);
    }

    [Fact]
    public void Reconcile_InDoubtAndTheLedgerHoldsOtherAmounts_IsLedgerDiffersNotSettled()
    {
        var result = LedgerReconciliation.Reconcile(Ledger, [Erp("FF-CANONICAL-R-9", 45.00m)], [InDoubt("FF-CANONICAL-R-9", 42.50m)], Now, Grace);

        var finding = Assert.Single(result.Findings);
        Assert.Equal((ReconciliationCodes.LedgerDiffers, ReconciliationCodes.Error), (finding.Code, finding.Severity));
        Assert.Contains("the ledger holds 45.00 USD, the journal 42.50 USD", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, ReconciliationCodes.Warning, "reads the ledger again and posts it once")]
    [InlineData(false, ReconciliationCodes.Error, "Check the ERP for the reference by hand")]
    public void Reconcile_InDoubtAndNotInTheLedger_SaysWhatToDoByHowFarTheReadCanBeTrusted(bool authoritative, string severity, string action)
    {
        var result = LedgerReconciliation.Reconcile(Ledger, [], [InDoubt("FF-CANONICAL-R-10", 5m)], Now, Grace, authoritative);

        var finding = Assert.Single(result.Findings);
        Assert.Equal((ReconciliationCodes.InDoubtNotInErp, severity, "FF-CANONICAL-R-10"), (finding.Code, finding.Severity, finding.Reference));
        Assert.Contains(action, finding.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void Reconcile_FlaggedAsDifferingAndInTheLedger_IsLedgerDiffersWithThePostersDetail()
    {
        var flagged = InDoubt("FF-CANONICAL-R-11", 5m) with { InDoubt = false, LedgerDiffers = true, Detail = "our line expenses:meals 5.00 USD is not in the ledger" };

        var result = LedgerReconciliation.Reconcile(Ledger, [Erp("FF-CANONICAL-R-11", 5m)], [flagged], Now, Grace);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(ReconciliationCodes.LedgerDiffers, finding.Code);
        Assert.Contains("our line expenses:meals 5.00 USD is not in the ledger", finding.Message, StringComparison.Ordinal);
    }

    private static ErpLedgerTransaction Erp(string reference, decimal debit, string currency = "USD", int day = 26) =>
        new(reference, new DateOnly(2026, 11, day), "report", new Dictionary<string, decimal> { [currency] = debit });

    private static RecordedPosting Posted(string reference, decimal total) =>
        new(reference, Ledger, true, reference, "expense:canonical:R:v1", Now.AddDays(-1), Now.AddDays(-1), "USD", total);

    private static RecordedPosting Intent(string reference, DateTimeOffset leaseUntil) =>
        new(reference, Ledger, false, null, "expense:canonical:R:v1", leaseUntil.AddSeconds(-30), leaseUntil, "USD", 10m);

    private static RecordedPosting InDoubt(string reference, decimal total) =>
        new(reference, Ledger, false, null, "expense:canonical:R:v1", Now.AddDays(-1), Now.AddDays(-1), "USD", total, InDoubt: true, Detail: "hledger-web did not answer within 10 s");
}
