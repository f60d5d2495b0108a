using System.Globalization;
using FinanceFlow.Connectors.Expensify;
using FinanceFlow.Core.Model;
using FinanceFlow.Emulators.Expensify;
using Microsoft.Extensions.Options;

namespace FinanceFlow.Expensify.Tests;

public sealed class ExpensifyReportMapperTests
{
    private static readonly IReadOnlyList<ExpensifyReport> Export = ExpensifyExportReader.ReadExport(ExpensifyEmulator.Sample("financeflow-export.json"));

    [Fact]
    public void Map_UsdReport_MapsHeaderApprovalAndLegalEntity()
    {
        var result = Mapper().Map(Export[0]);

        var report = Assert.IsType<ExpenseReport>(result.Report);
        Assert.True(result.IsValid);
        Assert.Equal(("expensify", "R006AseGxMka", 1), (report.Source, report.ReportId, report.Version));
        Assert.Equal("US01", report.LegalEntity);
        Assert.Equal("Client visit Chicago", report.Title);
        Assert.Equal(new Party("user@domain.com", "Dana Reyes", "user@domain.com"), report.Employee);
        Assert.Equal(report.Employee, report.Submitter);
        var approval = Assert.Single(report.Approvals);
        Assert.Equal("manager@domain.com", approval.Approver.Email);
        Assert.Equal(new DateTimeOffset(2026, 11, 7, 16, 40, 12, TimeSpan.Zero), approval.ApprovedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 6, 9, 15, 0, TimeSpan.Zero), report.SubmittedAt);
        Assert.Equal("USD", report.Currency);
        Assert.Equal(95.94m, report.TotalAmount);
    }

    [Fact]
    public void Map_UsdReport_CentsBecomeExactAmountsWithTheEditedValues()
    {
        var lines = Mapper().Map(Export[0]).Report!.Lines;

        var taxi = lines[0];
        Assert.Equal(("6720309558248016", "Taxi", "Yellow Cab", PaymentType.OutOfPocket), (taxi.LineId, taxi.ExpenseType, taxi.Merchant, taxi.PaymentType));
        Assert.Equal((12.34m, 0m, 12.34m), (taxi.GrossAmount, taxi.TaxAmount, taxi.NetAmount));
        Assert.Equal(new DateOnly(2026, 11, 2), taxi.TransactionDate);
        Assert.Null(taxi.Original);

        // Company card, edited merchant, amount (3600 → 3500) and date; tax inside the gross.
        var hotel = lines[1];
        Assert.Equal(PaymentType.CompanyCard, hotel.PaymentType);
        Assert.Equal("Hilton Garden Inn", hotel.Merchant);
        Assert.Equal(new DateOnly(2026, 11, 4), hotel.TransactionDate);
        Assert.Equal((35.00m, 3.18m, 31.82m), (hotel.GrossAmount, hotel.TaxAmount, hotel.NetAmount));
        Assert.Equal("35.00", hotel.GrossAmount.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("Sales tax 10%", hotel.TaxCode);
    }

    [Fact]
    public void Map_ForeignExpense_UsesConvertedAmountWithTheExpenseSignAndKeepsTheOriginal()
    {
        var meal = Mapper().Map(Export[0]).Report!.Lines[2];

        // convertedAmount is printed negative (-4860); the line is an expense, so it is positive like amount.
        Assert.Equal(48.60m, meal.GrossAmount);
        Assert.Equal(new ForeignAmount(45.00m, "EUR", 1.08m), meal.Original);
        Assert.Equal(8.10m, meal.TaxAmount);
        Assert.Equal(40.50m, meal.NetAmount);
    }

    [Fact]
    public void Map_JpyReport_HasNoDecimals()
    {
        var result = Mapper().Map(Export[1]);

        var report = Assert.IsType<ExpenseReport>(result.Report);
        Assert.Equal("JP01", report.LegalEntity);
        var line = Assert.Single(report.Lines);
        Assert.Equal(1500m, line.GrossAmount);
        Assert.Equal("1500", line.GrossAmount.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("1500", report.TotalAmount.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("taro@domain.com", report.Employee.Name);
    }

    [Fact]
    public void Map_JpyAmountWithFraction_IsAFindingOnThatField()
    {
        var report = Export[1] with { Expenses = [Export[1].Expenses[0] with { Amount = "150050" }] };

        var result = Mapper().Map(report);

        Assert.Null(result.Report);
        var finding = Assert.Single(result.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal((ExpensifyReportMapper.AmountPrecision, "/expenses/0/amount"), (finding.Code, finding.Path));
    }

    [Fact]
    public void Map_Credit_StaysNegative()
    {
        var refund = Export[0].Expenses[0] with { Amount = "-1234", ConvertedAmount = "1234" };

        var line = Mapper().Map(Export[0] with { Expenses = [refund] }).Report!.Lines[0];

        Assert.Equal(-12.34m, line.GrossAmount);
    }

    [Fact]
    public void Map_Receipts_HttpsBecomeAttachmentsOthersAreWarnings()
    {
        var result = Mapper().Map(Export[0]);

        var receipt = Assert.Single(result.Report!.Attachments);
        Assert.Equal("https://www.expensify.com/receipts/w_6720309558248016.jpg", receipt.Url);
        Assert.Equal(("w_6720309558248016.jpg", "image/jpeg", "6720309558248016", false), (receipt.FileName, receipt.ContentType, receipt.LineId, receipt.InlineContent));
        var warning = Assert.Single(result.Findings, f => f.Code == ExpensifyReportMapper.ReceiptNotHttps);
        Assert.Equal(("/expenses/2/receiptURL", FindingSeverity.Warning), (warning.Path, warning.Severity));
    }

    [Fact]
    public void Map_UnreadableFields_FindingsNameEachPath()
    {
        var expense = Export[0].Expenses[0] with { Category = null, Created = "02/11/2026", Reimbursable = "maybe", TransactionId = null };
        var report = Export[0] with { Currency = "XYZ", AccountEmail = null, Expenses = [expense] };

        var result = Mapper().Map(report);

        Assert.Null(result.Report);
        Assert.Equivalent(
            new[] { "/currency", "/accountEmail", "/expenses/0/transactionID", "/expenses/0/category", "/expenses/0/created", "/expenses/0/reimbursable" },
            result.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => f.Path).ToArray(),
            strict: true);
    }

    [Fact]
    public void Map_ExpenseInUnknownCurrency_IsAFindingOnItsCurrency()
    {
        var expense = Export[0].Expenses[2] with { Currency = "EURO" };

        var result = Mapper().Map(Export[0] with { Expenses = [expense] });

        var finding = Assert.Single(result.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal((ExpensifyReportMapper.InvalidValue, "/expenses/0/currency"), (finding.Code, finding.Path));
    }

    [Fact]
    public void Map_PolicyWithoutLegalEntityAndNoDefault_IsAFinding()
    {
        var mapper = new ExpensifyReportMapper(Options.Create(new ExpensifyOptions()));

        var result = mapper.Map(Export[0]);

        var finding = Assert.Single(result.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal((ExpensifyReportMapper.UnknownLegalEntity, "/policyID"), (finding.Code, finding.Path));
        Assert.Contains("0123456789ABCDEF", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_TotalDiffersFromExpenses_WarnsAndUsesTheExpenses()
    {
        var result = Mapper().Map(Export[0] with { Total = "-10000" });

        Assert.True(result.IsValid);
        Assert.Equal(95.94m, result.Report!.TotalAmount);
        var warning = Assert.Single(result.Findings, f => f.Code == ExpensifyReportMapper.TotalMismatch);
        Assert.Equal("/total", warning.Path);
    }

    private static ExpensifyReportMapper Mapper()
    {
        var options = new ExpensifyOptions { DefaultLegalEntity = "US01" };
        options.LegalEntityByPolicy["FEDCBA9876543210"] = "JP01";
        return new ExpensifyReportMapper(Options.Create(options));
    }
}
