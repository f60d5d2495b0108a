using FinanceFlow.Core.Model;
using FinanceFlow.Core.Policy;
using static FinanceFlow.Core.Tests.Reports;

namespace FinanceFlow.Core.Tests;

public class PolicyEngineTests
{
    private static IReadOnlyList<Finding> Evaluate(ExpenseReport report) => PolicyEngine.Evaluate(report, Settings, Today);

    private static Finding Single(ExpenseReport report, string code)
    {
        var findings = Evaluate(report);
        return Assert.Single(findings, f => f.Code == code);
    }

    [Fact]
    public void Evaluate_CleanReport_ReturnsNoFindings()
    {
        var report = Report(
            Line("1", 60.00m, 5.00m, allocations: [Percent(60, "CC-100"), Percent(40, "CC-200")]),
            Line("2", 40.00m, payment: PaymentType.CompanyCard, allocations: [Amount(25.00m, "CC-100"), Amount(15.00m, "CC-200")]));

        Assert.Empty(Evaluate(report));
    }

    [Fact]
    public void Evaluate_UnknownReportCurrency_FlagsCurrency()
    {
        var finding = Single(Report("XYZ", Line()), PolicyCodes.UnknownCurrency);

        Assert.Equal("/currency", finding.Path);
        Assert.Contains("'XYZ'", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UnknownOriginalCurrency_FlagsTheLinesOriginal()
    {
        var report = Report(Line() with { Original = new ForeignAmount(40m, "EUX", 1.25m) });

        var finding = Single(report, PolicyCodes.UnknownCurrency);

        Assert.Equal("/lines/0/original/currency", finding.Path);
    }

    [Theory]
    [InlineData("USD", "10.005")]
    [InlineData("JPY", "1500.5")]
    [InlineData("BHD", "12.3456")]
    public void Evaluate_AmountFinerThanCurrency_FlagsTooManyDecimals(string currency, string gross)
    {
        var amount = decimal.Parse(gross, System.Globalization.CultureInfo.InvariantCulture);

        var findings = Evaluate(Report(currency, Line(gross: amount)));

        Assert.Contains(findings, f => f.Code == PolicyCodes.TooManyDecimals && f.Path == "/lines/0/grossAmount");
    }

    [Theory]
    [InlineData("JPY", "1500")]
    [InlineData("JPY", "1500.00")]
    [InlineData("BHD", "12.345")]
    public void Evaluate_AmountWithinCurrencyDecimals_IsAccepted(string currency, string gross)
    {
        var amount = decimal.Parse(gross, System.Globalization.CultureInfo.InvariantCulture);

        var report = Report(currency, Line(gross: amount)) with { Attachments = [Receipt(lineId: null)] };

        Assert.Empty(Evaluate(report));
    }

    [Fact]
    public void Evaluate_YenLineUnderItsOwnCurrencyThreshold_NeedsNoReceipt()
    {
        var settings = new FinanceFlow.Core.Configuration.PolicySettings { ReceiptRequiredAbove = 75m, ReceiptRequiredAboveByCurrency = { ["JPY"] = 10000m } };
        var small = Report("JPY", Line(gross: 1500m));
        var large = Report("JPY", Line(gross: 12000m));

        Assert.Empty(PolicyEngine.Evaluate(small, settings, Today));
        var finding = Assert.Single(PolicyEngine.Evaluate(large, settings, Today));
        Assert.Equal(PolicyCodes.ReceiptRequired, finding.Code);
        Assert.Contains("above the 10000 JPY receipt threshold", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ZeroGross_FlagsZeroAmount()
    {
        var finding = Single(Report(Line(gross: 0m)), PolicyCodes.ZeroAmount);

        Assert.Equal("/lines/0/grossAmount", finding.Path);
    }

    [Fact]
    public void Evaluate_CreditLineInsideAPositiveReport_IsAccepted()
    {
        var report = Report(Line("1", 80m), Line("2", -20m) with { TaxAmount = -2m, NetAmount = -18m }) with { TotalAmount = 60m, Attachments = [Receipt(lineId: null)] };

        Assert.Empty(Evaluate(report));
    }

    [Fact]
    public void Evaluate_ReportOfCreditsOnly_FlagsNonPositiveTotal()
    {
        var report = Report(Line(gross: -10m)) with { TotalAmount = -10m };

        var finding = Single(report, PolicyCodes.NonPositiveAmount);

        Assert.Equal("/totalAmount", finding.Path);
    }

    [Fact]
    public void Evaluate_CreditReportWhoseSourceJournalDecidesTheAccounting_IsNotRefused()
    {
        // A Concur card credit or a net-due-company report: Concur's own journal books it; it is not a claim.
        var report = Report(Line(gross: -10m) with { TaxAmount = -1m, NetAmount = -9m }) with { TotalAmount = -10m };

        Assert.Empty(PolicyEngine.Evaluate(report, Settings, Today, sourceJournal: true));
        Assert.Contains(PolicyEngine.Evaluate(report, Settings, Today), f => f.Code == PolicyCodes.NonPositiveAmount);
    }

    [Fact]
    public void Evaluate_CreditWithPositiveTax_FlagsTheSignOfTheTax()
    {
        var report = Report(Line("1", 50m), Line("2", -10m) with { TaxAmount = 1m, NetAmount = -11m }) with { TotalAmount = 40m };

        var finding = Single(report, PolicyCodes.NegativeTax);

        Assert.Equal("/lines/1/taxAmount", finding.Path);
    }

    [Fact]
    public void Evaluate_NetPlusTaxNotGross_NamesAllThreeFigures()
    {
        var report = Report(Line(gross: 60.00m, tax: 5.00m) with { NetAmount = 50.00m });

        var finding = Single(report, PolicyCodes.NetPlusTaxMismatch);

        Assert.Equal("/lines/0/netAmount", finding.Path);
        Assert.Equal("Line '1' net 50.00 + tax 5.00 = 55.00 USD, not the gross 60.00 USD.", finding.Message);
    }

    [Fact]
    public void Evaluate_TaxAboveGross_FlagsTaxExceedsGross()
    {
        var finding = Single(Report(Line(gross: 10m, tax: 12m)), PolicyCodes.TaxExceedsGross);

        Assert.Equal("/lines/0/taxAmount", finding.Path);
    }

    [Fact]
    public void Evaluate_LinesNotAddingUpToTotal_GivesBothFigures()
    {
        var report = Report(Line("1", 60.00m), Line("2", 15.00m)) with { TotalAmount = 80.00m };

        var finding = Single(report, PolicyCodes.LinesDoNotSum);

        Assert.Equal("/totalAmount", finding.Path);
        Assert.Equal("The lines add up to 75.00 USD but totalAmount is 80.00 USD.", finding.Message);
    }

    [Fact]
    public void Evaluate_PercentsNotAddingTo100_FlagsTheAllocations()
    {
        var report = Report(Line(allocations: [Percent(60, "CC-100"), Percent(30, "CC-200")]));

        var finding = Single(report, PolicyCodes.AllocationPercentTotal);

        Assert.Equal(("/lines/0/allocations", "Line '1' allocations add up to 90 %, not 100 %."), (finding.Path, finding.Message));
    }

    [Fact]
    public void Evaluate_AmountsNotAddingToGross_FlagsTheAllocations()
    {
        var report = Report(Line(gross: 50.00m, allocations: [Amount(30.00m, "CC-100"), Amount(10.00m, "CC-200")]));

        var finding = Single(report, PolicyCodes.AllocationAmountTotal);

        Assert.Contains("40.00 USD, not the line's gross 50.00 USD", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PercentAndAmountAllocationsMixed_FlagsMixing()
    {
        var report = Report(Line(gross: 50.00m, allocations: [Percent(50, "CC-100"), Amount(25.00m, "CC-200")]));

        var findings = Evaluate(report);

        Assert.Equal(PolicyCodes.AllocationMixed, Assert.Single(findings).Code);
    }

    [Fact]
    public void Evaluate_NegativeShare_FlagsThatShare()
    {
        var report = Report(Line(allocations: [Percent(120, "CC-100"), Percent(-20, "CC-200")]));

        var finding = Single(report, PolicyCodes.NonPositiveAllocation);

        Assert.Equal("/lines/0/allocations/1/percent", finding.Path);
    }

    [Fact]
    public void Evaluate_NoApprovals_FlagsNoApproval()
    {
        var finding = Single(Report() with { Approvals = [] }, PolicyCodes.NoApproval);

        Assert.Equal("/approvals", finding.Path);
    }

    [Fact]
    public void Evaluate_SubmitterApprovesOwnReport_FlagsApproverIsSubmitter()
    {
        var delegateSubmitter = new Party("D300", "Alan Turing");
        var report = Report() with
        {
            Submitter = delegateSubmitter,
            Approvals = [new Approval(Manager, DateTimeOffset.UnixEpoch), new Approval(delegateSubmitter, DateTimeOffset.UnixEpoch)],
        };

        var finding = Single(report, PolicyCodes.ApproverIsSubmitter);

        Assert.Equal("/approvals/1/approver/id", finding.Path);
        Assert.Contains("D300", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TransactionAndAccountingDateAfterToday_FlagsBoth()
    {
        var report = Report(Line() with { TransactionDate = Today.AddDays(1) }) with { AccountingDate = Today.AddDays(3) };

        var paths = Evaluate(report).Where(f => f.Code == PolicyCodes.FutureDate).Select(f => f.Path);

        Assert.Equal(["/accountingDate", "/lines/0/transactionDate"], paths);
    }

    [Fact]
    public void Evaluate_TransactionDatedToday_IsAccepted()
    {
        Assert.Empty(Evaluate(Report(Line() with { TransactionDate = Today })));
    }

    [Fact]
    public void Evaluate_LineAboveThresholdWithoutReceipt_FlagsReceiptRequired()
    {
        var report = Report(Line("1", 75.00m), Line("2", 75.01m)) with { Attachments = [Receipt("1")] };

        var finding = Single(report, PolicyCodes.ReceiptRequired);

        Assert.Equal("/lines/1", finding.Path);
        Assert.Contains("75.01 USD", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PolicyFindingsAndDataErrors_OnlyTheMissingReceiptAndTheLimitMayBeOverridden()
    {
        var settings = new FinanceFlow.Core.Configuration.PolicySettings { LineAmountLimit = 250m };
        var report = Report(Line("1", 120.00m), Line("2", 300.00m) with { ReceiptAtSource = "R" }) with { TotalAmount = 999m };

        var findings = PolicyEngine.Evaluate(report, settings, Today);

        Assert.Equal(
            [(PolicyCodes.ReceiptRequired, true), (PolicyCodes.AmountOverLimit, true), (PolicyCodes.LinesDoNotSum, false)],
            findings.Select(f => (f.Code, f.Overridable)));
        var limit = Assert.Single(findings, f => f.Code == PolicyCodes.AmountOverLimit);
        Assert.Equal(("/lines/1/grossAmount", "Line '2' is 300.00 USD, above the 250 USD limit per line."), (limit.Path, limit.Message));
    }

    [Fact]
    public void Evaluate_NoLimitSetOrTheCurrencysOwnLimit_OnlyLinesAboveTheirCurrencysLimit()
    {
        var none = new FinanceFlow.Core.Configuration.PolicySettings();
        var yen = new FinanceFlow.Core.Configuration.PolicySettings { LineAmountLimit = 250m, LineAmountLimitByCurrency = { ["JPY"] = 50000m } };
        var large = Report(Line("1", 9000.00m) with { ReceiptAtSource = "R" });

        Assert.Empty(PolicyEngine.Evaluate(large, none, Today));
        Assert.Empty(PolicyEngine.Evaluate(Report("JPY", Line(gross: 40000m) with { ReceiptAtSource = "R" }), yen, Today));
        Assert.Equal(PolicyCodes.AmountOverLimit, Assert.Single(PolicyEngine.Evaluate(Report("JPY", Line(gross: 60000m) with { ReceiptAtSource = "R" }), yen, Today)).Code);
    }

    [Fact]
    public void Evaluate_SelfApproved_NotOverridable()
    {
        // A broken approval needs a real approval at the source; finance does not stand in for the approver.
        var finding = Assert.Single(Evaluate(Report(Line("1", 20m)) with { Approvals = [] }));

        Assert.Equal((PolicyCodes.NoApproval, false), (finding.Code, finding.Overridable));
    }

    [Fact]
    public void Evaluate_LineAboveThresholdWithItsReceipt_IsAccepted()
    {
        var report = Report(Line("1", 120.00m)) with { Attachments = [Receipt("1")] };

        Assert.Empty(Evaluate(report));
    }

    [Fact]
    public void Evaluate_ReceiptTheSourcePlatformHolds_CountsAsTheLinesReceipt()
    {
        var report = Report(Line("1", 120.00m) with { ReceiptAtSource = "concur receipt type R" }, Line("2", 300.00m));

        var finding = Single(report, PolicyCodes.ReceiptRequired);

        Assert.Equal("/lines/1", finding.Path);
    }

    [Fact]
    public void Evaluate_ReportLevelReceipt_CountsForEveryLine()
    {
        var report = Report(Line("1", 120.00m), Line("2", 300.00m)) with { Attachments = [Receipt(lineId: null)] };

        Assert.Empty(Evaluate(report));
    }

    [Fact]
    public void Evaluate_SameLineIdTwice_FlagsTheSecond()
    {
        var finding = Single(Report(Line("7"), Line("7")), PolicyCodes.DuplicateLineId);

        Assert.Equal("/lines/1/lineId", finding.Path);
    }

    [Fact]
    public void Evaluate_ReceiptForMissingLine_WarnsWithoutBlocking()
    {
        var report = Report(Line("1")) with { Attachments = [Receipt("9")] };

        var finding = Assert.Single(Evaluate(report));

        Assert.Equal((PolicyCodes.AttachmentLineUnknown, FindingSeverity.Warning, "/attachments/0/lineId"), (finding.Code, finding.Severity, finding.Path));
    }

    [Fact]
    public void Evaluate_ManyViolations_ReturnsThemInReportOrder()
    {
        var report = Report(Line("1", -5m), Line("1", 10.001m)) with { Approvals = [], TotalAmount = 1m };

        var codes = Evaluate(report).Select(f => f.Code);

        Assert.Equal(
            [PolicyCodes.NoApproval, PolicyCodes.DuplicateLineId, PolicyCodes.TooManyDecimals, PolicyCodes.TooManyDecimals, PolicyCodes.LinesDoNotSum],
            codes);
    }
}
