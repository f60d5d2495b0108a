using FinanceFlow.Connectors.Concur;
using FinanceFlow.Core.Model;
using static FinanceFlow.Connectors.Tests.Concur.ConcurTestDocuments;

namespace FinanceFlow.Connectors.Tests.Concur;

public sealed class ConcurExpenseMapperTests
{
    [Fact]
    public void Map_UseCase2_1_CarriesReportEmployeeLineAndVat()
    {
        var report = ConcurExpenseMapper.Map(Parse(Example("2.1")), new ConcurPostingOptions());

        Assert.Equal(new ReportKey("concur", "F071FADEA6B142DD884A"), report.Key);
        Assert.Equal(1, report.Version);
        Assert.Equal("821599", report.LegalEntity);
        Assert.Equal(new Party("49038128", "German Employee"), report.Employee);
        Assert.Equal("EUR", report.Currency);
        Assert.Equal(10m, report.TotalAmount);
        Assert.Equal(new DateOnly(2019, 6, 5), report.AccountingDate);
        Assert.Equal(new DateTimeOffset(2019, 6, 5, 22, 35, 6, 433, TimeSpan.Zero), Assert.Single(report.Approvals).ApprovedAt);
        var line = Assert.Single(report.Lines);
        Assert.Equal(("2C14A4301BD26741B7244388A5E10941", "Laundry", PaymentType.OutOfPocket), (line.LineId, line.ExpenseType, line.PaymentType));
        Assert.Equal((10m, 1.6m, 8.4m, 100m), (line.GrossAmount, line.TaxAmount, line.NetAmount, line.TaxDeductiblePercent));
        Assert.Equal("11-KING", Assert.Single(line.Allocations).CostCenter);
    }

    [Fact]
    public void Map_ReceiptTypeRegular_MarksTheReceiptConcurHolds()
    {
        var report = ConcurExpenseMapper.Map(Parse(Example("2.3")), new ConcurPostingOptions());

        Assert.Equal("concur receipt type R", Assert.Single(report.Lines).ReceiptAtSource);
    }

    [Fact]
    public void Map_ReceiptImageIdEvenWithTypeNone_MarksTheImageAndTypeNoneAloneMarksNothing()
    {
        var document = Parse(Reference("concur-fis-v4-document-expense.json"));
        var entry = document.Expense!.ExpenseEntry![0];
        var withoutImage = document with { Expense = document.Expense with { ExpenseEntry = [entry with { EntryReceiptId = null, EntryReceiptType = "N" }] } };

        var report = ConcurExpenseMapper.Map(document, new ConcurPostingOptions());
        var none = ConcurExpenseMapper.Map(withoutImage, new ConcurPostingOptions());

        Assert.Equal("concur receipt image E921EECCBCBA393EAC5A9212DCE57D9B", report.Lines[0].ReceiptAtSource);
        Assert.All(none.Lines, l => Assert.Null(l.ReceiptAtSource));
    }

    [Fact]
    public void Map_UseCase1_4_KeepsTheSpendAmountWithTheDocumentsRate()
    {
        var report = ConcurExpenseMapper.Map(Parse(Example("1.4")), new ConcurPostingOptions());

        var lunch = report.Lines[0];
        Assert.Equal(26.88m, lunch.GrossAmount);
        Assert.Equal(24m, lunch.Original!.Amount);
        Assert.Equal("EUR", lunch.Original.Currency);
        // Direction D divides: report = spend / 0.89294902, so the canonical rate (report per spend unit) is its inverse.
        Assert.Equal(26.88m, Currencies.Round(lunch.Original.Amount * lunch.Original.ExchangeRate, 2));
    }

    [Fact]
    public void Map_UseCase2_5_MarksCardLinesAndSplitsNothing()
    {
        var report = ConcurExpenseMapper.Map(Parse(Example("2.5")), new ConcurPostingOptions());

        Assert.All(report.Lines, l => Assert.Equal(PaymentType.CompanyCard, l.PaymentType));
        Assert.Equal(80.32m, report.Lines.Sum(l => l.GrossAmount));
        Assert.Equal(25m, report.Lines[0].Original!.Amount);
    }

    [Fact]
    public void Map_CbcpReportWithPersonalCharges_LeavesPersonalEntriesOutAndReadsTheRevision()
    {
        var report = ConcurExpenseMapper.Map(Parse(HandBuilt("expense-cbcp-personal.json")), new ConcurPostingOptions());

        Assert.Equal(2, report.Version);
        Assert.Equal("A1", Assert.Single(report.Lines).LineId);
    }

    [Fact]
    public void Map_PartiallyDeductibleVat_AllocationsAndDeductiblePercent()
    {
        var report = ConcurExpenseMapper.Map(Parse(HandBuilt("expense-vat-partial.json")), new ConcurPostingOptions());

        var line = Assert.Single(report.Lines);
        Assert.Equal((120m, 20m, 100m, 50m), (line.GrossAmount, line.TaxAmount, line.NetAmount, line.TaxDeductiblePercent));
        Assert.Equal(["CC-100", "CC-200"], line.Allocations.Select(a => a.CostCenter));
        Assert.Equal([60m, 40m], line.Allocations.Select(a => a.Percent!.Value));
        Assert.Equal(new ForeignAmount(138m, "EUR", 1m / 1.15m), line.Original);
        Assert.Equal("Le Procope", line.Merchant);
    }

    [Fact]
    public void Map_ConfiguredLegalEntityAndProjectField_AreUsed()
    {
        var options = With("278515", new ConcurCompanyPosting { LegalEntity = "GB01", CostCenterField = 0, ProjectField = 4 });

        var report = ConcurExpenseMapper.Map(Parse(HandBuilt("expense-vat-partial.json")), options);

        Assert.Equal("GB01", report.LegalEntity);
        Assert.Equal([(null, "CC-100"), (null, "CC-200")], report.Lines[0].Allocations.Select(a => (a.CostCenter, a.Project)));
    }
}
