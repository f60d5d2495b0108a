using FinanceFlow.Core.Posting;
using FinanceFlow.Workflows.Operations;

namespace FinanceFlow.Workflows.Tests;

public sealed class PreviewHandlerTests
{
    private static readonly FixedTime Today = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task PreviewAsync_CleanReport_ShowsTheBalancedJournalItWouldPost()
    {
        var request = HttpTestContext.Request(SampleReports.CanonicalJson());

        var (status, _, body) = await RunAsync(request);

        Assert.Equal(200, status);
        Assert.True(body.GetProperty("wouldPost").GetBoolean());
        Assert.Equal("R-1001", body.GetProperty("report").GetProperty("reportId").GetString());
        var journal = body.GetProperty("journal");
        Assert.Equal("FF-CANONICAL-R-1001", journal.GetProperty("externalReference").GetString());
        Assert.Equal(60.00m, journal.GetProperty("totalDebit").GetDecimal());
        Assert.Equal(60.00m, journal.GetProperty("totalCredit").GetDecimal());
        var lines = journal.GetProperty("lines").EnumerateArray().ToList();
        Assert.Contains(lines, l => l.GetProperty("role").GetString() == "Expense" && l.GetProperty("account").GetString() == "expenses:meals" && l.GetProperty("debit").GetDecimal() == 55.00m);
        Assert.Contains(lines, l => l.GetProperty("role").GetString() == "InputTax" && l.GetProperty("debit").GetDecimal() == 5.00m);
        Assert.Contains(lines, l => l.GetProperty("role").GetString() == "EmployeePayable" && l.GetProperty("credit").GetDecimal() == 60.00m && l.GetProperty("currency").GetString() == "USD");
        Assert.Equal(0, body.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public async Task PreviewAsync_LinesDoNotSum_ListsTheFindingAndWouldNotPost()
    {
        var request = HttpTestContext.Request(SampleReports.CanonicalJson(total: 70.00m));

        var (status, _, body) = await RunAsync(request);

        Assert.Equal(200, status);
        Assert.False(body.GetProperty("wouldPost").GetBoolean());
        Assert.Contains(body.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "lines-do-not-sum");
    }

    [Fact]
    public async Task PreviewAsync_SchemaError_Answers400NamingTheField()
    {
        var json = SampleReports.CanonicalJson().Replace("\"currency\": \"USD\"", "\"currency\": \"usd\"", StringComparison.Ordinal);

        var (status, contentType, body) = await RunAsync(HttpTestContext.Request(json));

        Assert.Equal(400, status);
        Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
        Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.GetProperty("pointer").GetString() == "/currency");
    }

    [Fact]
    public async Task PreviewAsync_UnknownSource_Answers404()
    {
        var request = HttpTestContext.Request(SampleReports.CanonicalJson());

        var (status, _, _) = await RunAsync(request, "workday");

        Assert.Equal(404, status);
    }

    private static async Task<(int Status, string? ContentType, System.Text.Json.JsonElement Body)> RunAsync(Microsoft.AspNetCore.Http.HttpRequest request, string source = "canonical")
    {
        var accounts = new AccountMap();
        accounts.ExpenseTypes["Meals"] = "expenses:meals";
        var handler = new PreviewHandler(TestOptions.FinanceFlow(), new StaticOptions<AccountMap>(accounts), Today);
        var result = await handler.PreviewAsync(request, source, CancellationToken.None);
        return await HttpTestContext.ExecuteAsync(result, request);
    }
}
