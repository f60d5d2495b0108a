using FinanceFlow.Core.Reconciliation;

namespace FinanceFlow.Core.Tests.Reconciliation;

public sealed class ThreeWayReportTests
{
    [Fact]
    public void ToCsv_FindingsWithCommasQuotesAndFormulas_OneRowEachSafeToOpenInASpreadsheet()
    {
        var report = Report(
            new ThreeWayFinding(ThreeWayClasses.AmountMismatch, "expensify", "R-1", "FF-EXPENSIFY-R-1", "us01", "10.00 USD", "20.00 USD", "Ledger says \"20\", not 10", Redrive: false),
            new ThreeWayFinding(ThreeWayClasses.MissingInFinanceFlow, "concur", "=HYPERLINK(\"http://x\")", null, null, null, "-5.00 EUR", "never arrived", Redrive: true));

        var lines = report.ToCsv().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(
            [
                "class,source,documentId,reference,ledger,ours,theirs,redriven,message",
                "amount-mismatch,expensify,R-1,FF-EXPENSIFY-R-1,us01,10.00 USD,20.00 USD,no,\"Ledger says \"\"20\"\", not 10\"",
                "missing-in-financeflow,concur,\"'=HYPERLINK(\"\"http://x\"\")\",,,,\"'-5.00 EUR\",yes,never arrived",
            ],
            lines);
    }

    [Fact]
    public void ToString_NamesTheWindowTheNonZeroClassesAndWhatWasRedriven()
    {
        var duplicate = new ThreeWayFinding(ThreeWayClasses.DuplicateInErp, "concur", "D-1", "FF-CONCUR-D-1", "us01", "1.00 USD", null, "twice", Redrive: false);
        var report = Report(duplicate) with { Redriven = ["concur/D-2: started"] };

        Assert.Equal("three-way 2026-12-01..2026-12-08: 3 approved, 2 tracked, 4 ledger entries, 1 matched; 1 duplicate-in-erp; 1 redriven", report.ToString());
    }

    private static ThreeWayReport Report(params ThreeWayFinding[] findings)
    {
        var counts = ThreeWayClasses.All.ToDictionary(c => c, c => findings.Count(f => f.Class == c));
        return new ThreeWayReport("2026-12-01..2026-12-08", new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), [new PlatformRead("concur", 3)], 3, 2, 4, 1, counts, findings, []);
    }
}
