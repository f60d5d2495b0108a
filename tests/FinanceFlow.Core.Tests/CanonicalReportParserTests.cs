using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FinanceFlow.Core.Intake;
using FinanceFlow.Core.Model;

namespace FinanceFlow.Core.Tests;

public class CanonicalReportParserTests
{
    private static CanonicalParseResult Parse(ReadOnlyMemory<byte> body) => CanonicalReportParser.Parse(body, "concur");

    private static FieldError SingleError(ReadOnlyMemory<byte> body)
    {
        var result = Parse(body);
        Assert.Null(result.Report);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Parse_ExampleBody_ReadsAmountsExactlyWithTheirScale()
    {
        var result = Parse(Bodies.With(_ => { }));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var line = result.Report!.Lines[0];
        Assert.Equal("60.00", line.GrossAmount.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(5.00m, line.TaxAmount);
        Assert.Equal(55.00m, line.NetAmount);
        Assert.Equal(245.50m, result.Report.TotalAmount);
        Assert.Equal(new ForeignAmount(50.00m, "EUR", 1.2m), line.Original);
        Assert.Equal([new Allocation("CC-100", null, 60m, null), new Allocation("CC-200", "P-7", 40m, null)], line.Allocations);
    }

    [Fact]
    public void Parse_AmountsThatDoubleCannotHold_AddUpExactly()
    {
        var body = Bodies.With(b =>
        {
            b["totalAmount"] = JsonNode.Parse("12345678901234.30");
            b["lines"] = new JsonArray(b.Line(2).DeepClone(), b.Line(2).DeepClone());
            b.Line(0)["grossAmount"] = JsonNode.Parse("12345678901234.10");
            b.Line(1)["grossAmount"] = JsonNode.Parse("0.20");
            b.Line(1)["lineId"] = "4";
            b.Remove("attachments");
        });

        var report = Parse(body).Report!;

        Assert.Equal(report.TotalAmount, report.Lines.Sum(l => l.GrossAmount));
        Assert.Equal(12345678901234.10m, report.Lines[0].GrossAmount);
    }

    [Fact]
    public void Parse_ExampleBody_MapsSourcePartiesAndDates()
    {
        var report = Parse(Bodies.With(_ => { })).Report!;

        Assert.Equal(new ReportKey("concur", "R-1001"), report.Key);
        Assert.Equal(1, report.Version);
        Assert.Equal(new Party("E100", "Ada Lovelace", "ada@example.com"), report.Employee);
        Assert.Equal(new Approval(new Party("M200", "Grace Hopper"), new DateTimeOffset(2026, 11, 20, 15, 4, 5, TimeSpan.Zero), "manager"), Assert.Single(report.Approvals));
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 10, 0, 0, TimeSpan.Zero), report.SubmittedAt);
        Assert.Equal(new DateOnly(2026, 11, 20), report.AccountingDate);
        Assert.Equal(PaymentType.CompanyCard, report.Lines[1].PaymentType);
    }

    [Fact]
    public void Parse_Attachments_MapsIndexInlineContentAndUrl()
    {
        var report = Parse(Bodies.With(_ => { })).Report!;

        Assert.Equal(new Attachment(0, "dinner.pdf", "application/pdf", "1", InlineContent: true, Url: null), report.Attachments[0]);
        Assert.Equal(new Attachment(1, "hotel.jpg", "image/jpeg", "2", InlineContent: false, Url: "https://receipts.example.com/hotel.jpg"), report.Attachments[1]);
    }

    [Fact]
    public void Parse_OptionalFieldsAbsent_AppliesDefaults()
    {
        var report = Parse(Bodies.With(b => b.Remove("accountingDate"))).Report!;

        var hotel = report.Lines[1];
        var taxi = report.Lines[2];
        Assert.Null(report.AccountingDate);
        Assert.Equal(150.00m, hotel.NetAmount);
        Assert.Equal((0m, 20.00m, 100m), (taxi.TaxAmount, taxi.NetAmount, taxi.TaxDeductiblePercent));
        Assert.Empty(taxi.Allocations);
        Assert.Null(taxi.Original);
    }

    [Fact]
    public void Parse_MissingRequiredLineField_PointsAtTheMissingField()
    {
        var error = SingleError(Bodies.With(b => b.Line(0).Remove("paymentType")));

        Assert.Equal(new FieldError("/lines/0/paymentType", "is required"), error);
    }

    [Fact]
    public void Parse_EmptyObject_ListsEveryRequiredField()
    {
        var result = Parse(Encoding.UTF8.GetBytes("{}"));

        Assert.Equal(
            ["/reportId", "/version", "/legalEntity", "/employee", "/submitter", "/approvals", "/currency", "/totalAmount", "/submittedAt", "/lines"],
            result.Errors.Select(e => e.Pointer));
        Assert.All(result.Errors, e => Assert.Equal("is required", e.Message));
    }

    [Fact]
    public void Parse_AmountAsString_SaysANumberIsExpected()
    {
        var error = SingleError(Bodies.With(b => b.Line(0)["grossAmount"] = "60.00"));

        Assert.Equal("/lines/0/grossAmount", error.Pointer);
        Assert.Equal("must be a number, not a string (\"60.00\")", error.Message);
    }

    [Fact]
    public void Parse_MisspelledField_IsRejectedAsUnknown()
    {
        var error = SingleError(Bodies.With(b => b.Line(0)["grossAmmount"] = 60));

        Assert.Equal(new FieldError("/lines/0/grossAmmount", "is not a known field (check the spelling)"), error);
    }

    [Theory]
    [InlineData("usd")]
    [InlineData("US")]
    [InlineData("USDX")]
    public void Parse_CurrencyNotThreeCapitals_FailsAtCurrency(string currency)
    {
        var error = SingleError(Bodies.With(b => b["currency"] = currency));

        Assert.Equal("/currency", error.Pointer);
        Assert.Contains("three-letter ISO 4217 currency code", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownButWellFormedCurrency_PassesTheSchema()
    {
        var result = Parse(Bodies.With(b => b["currency"] = "XYZ"));

        Assert.True(result.IsValid);
        Assert.Equal("XYZ", result.Report!.Currency);
    }

    [Fact]
    public void Parse_AttachmentWithContentAndUrl_PointsAtTheAttachment()
    {
        var error = SingleError(Bodies.With(b => b.Attachment(0)["url"] = "https://receipts.example.com/a.pdf"));

        Assert.Equal(new FieldError("/attachments/0", "must have exactly one of contentBase64 or url"), error);
    }

    [Fact]
    public void Parse_AttachmentWithNeitherContentNorUrl_PointsAtTheAttachment()
    {
        var error = SingleError(Bodies.With(b => b.Attachment(1).Remove("url")));

        Assert.Equal(new FieldError("/attachments/1", "must have exactly one of contentBase64 or url"), error);
    }

    [Fact]
    public void Parse_PlainHttpUrl_IsRejected()
    {
        var error = SingleError(Bodies.With(b => b.Attachment(1)["url"] = "http://receipts.example.com/hotel.jpg"));

        Assert.Equal("/attachments/1/url", error.Pointer);
        Assert.StartsWith("must be an https:// URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AllocationWithPercentAndAmount_PointsAtTheAllocation()
    {
        var error = SingleError(Bodies.With(b => b.Line(0)["allocations"]![1]!["amount"] = 24));

        Assert.Equal(new FieldError("/lines/0/allocations/1", "must have exactly one of percent or amount"), error);
    }

    [Fact]
    public void Parse_UnknownPaymentType_NamesTheAllowedValues()
    {
        var error = SingleError(Bodies.With(b => b.Line(1)["paymentType"] = "cash"));

        Assert.Equal(new FieldError("/lines/1/paymentType", "must be one of outOfPocket, companyCard, not \"cash\""), error);
    }

    [Fact]
    public void Parse_ImpossibleDate_IsRejected()
    {
        var error = SingleError(Bodies.With(b => b.Line(0)["transactionDate"] = "2026-02-30"));

        Assert.Equal(new FieldError("/lines/0/transactionDate", "must be a date like 2026-11-20, not \"2026-02-30\""), error);
    }

    [Fact]
    public void Parse_NoLines_IsRejected()
    {
        var error = SingleError(Bodies.With(b => b["lines"] = new JsonArray()));

        Assert.Equal(new FieldError("/lines", "must have at least 1 item(s)"), error);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEachOnce()
    {
        var result = Parse(Bodies.With(b =>
        {
            b["version"] = 0;
            b["employee"]!.AsObject().Remove("name");
            b.Line(2)["taxDeductiblePercent"] = 120;
        }));

        Assert.Equal(
            [
                new FieldError("/version", "must be at least 1, not 0"),
                new FieldError("/employee/name", "is required"),
                new FieldError("/lines/2/taxDeductiblePercent", "must be at most 100, not 120"),
            ],
            result.Errors.OrderBy(e => e.Pointer.Length));
    }

    [Fact]
    public void Parse_MalformedJson_ReturnsOneErrorWithThePosition()
    {
        var error = SingleError(Encoding.UTF8.GetBytes("{\"reportId\": \"R-1\",\n \"version\": }"));

        // The member whose value broke off.
        Assert.Equal("/version", error.Pointer);
        Assert.StartsWith("is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains("LineNumber: 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BodyStartingWithByteOrderMark_Parses()
    {
        var body = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Bodies.ExampleText)).ToArray();

        var result = Parse(body);

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Parse_NumberBeyondDecimalRange_PointsAtTheAmount()
    {
        var error = SingleError(Encoding.UTF8.GetBytes(Bodies.ExampleText.Replace("\"totalAmount\": 245.50", "\"totalAmount\": 1e40", StringComparison.Ordinal)));

        Assert.Equal("/totalAmount", error.Pointer);
        Assert.Contains("1e40", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HundredsOfBadLines_ListsTheFirstHundredAndCountsTheRestQuickly()
    {
        var body = Bodies.With(b =>
        {
            var lines = new JsonArray();
            for (var i = 0; i < 900; i++)
            {
                var line = b.Line(2).DeepClone().AsObject();
                line.Remove("paymentType");
                lines.Add(line);
            }

            b["lines"] = lines;
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = Parse(body);

        Assert.Equal(FieldErrors.MaxListed + 1, result.Errors.Count);
        Assert.Equal(new FieldError("/lines/99/paymentType", "is required"), result.Errors[^2]);
        // The rest are counted as the schema library reports them, without wording each: at least the 800 other lines.
        var more = System.Text.RegularExpressions.Regex.Match(result.Errors[^1].Message, "^and ([0-9]+) more errors not listed");
        Assert.True(more.Success && int.Parse(more.Groups[1].Value, CultureInfo.InvariantCulture) >= 800, result.Errors[^1].Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Parse_MoreLinesThanAReportHas_IsOneErrorBeforeTheSchemaRuns()
    {
        var body = Bodies.With(b => b["lines"] = new JsonArray([.. Enumerable.Range(0, 100_000).Select(_ => (JsonNode?)null)]));

        var error = SingleError(body);

        Assert.Equal(new FieldError("/lines", "has 100000 items; at most 1000"), error);
    }

    [Theory]
    [InlineData("1e28")]
    [InlineData("1000000000000000.01")]
    [InlineData("0.000000001")]
    public void Parse_AmountBeyondWhatPostingCanCompute_IsAFieldError(string amount)
    {
        var body = Bodies.With(b => b.Line(0)["grossAmount"] = JsonNode.Parse(amount));

        var errors = Parse(body).Errors;

        Assert.Contains(errors, e => e.Pointer == "/lines/0/grossAmount" && e.Message.StartsWith("must be between", StringComparison.Ordinal));
    }
}
