using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Data.Tables;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Security;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Testing;

namespace FinanceFlow.SelfHost.Tests;

/// <summary><c>GET /api/v1/metrics</c> on the real self-host, over status rows on its own Azurite.</summary>
public sealed class MetricsRouteTests(SelfHostOnAzurite host) : IClassFixture<SelfHostOnAzurite>
{
    private readonly TableReportStatusStore _statuses = new(new TableServiceClient(host.ConnectionString));

    [Fact]
    public async Task Metrics_StatusRowsOfTheLastDays_AnswersEachDayItsCountsLagAndTheFailureReasons()
    {
        // Arrange: three days ago and two days ago (UTC), and one report long before the window.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var threeDaysAgo = Midnight(today.AddDays(-3));
        var twoDaysAgo = Midnight(today.AddDays(-2));
        await WriteAsync(Posted("P1", approved: twoDaysAgo.AddHours(9), posted: twoDaysAgo.AddHours(10)));
        await WriteAsync(Posted("P2", approved: twoDaysAgo.AddDays(1).AddMinutes(-30).AddSeconds(-1), posted: twoDaysAgo.AddDays(1).AddSeconds(-1)));
        await WriteAsync(Posted("P3", approved: null, posted: threeDaysAgo.AddHours(12)));
        await WriteAsync(Posted("OLD", approved: threeDaysAgo.AddDays(-30), posted: threeDaysAgo.AddDays(-30)));
        await WriteAsync(Row("R1", ReportOutcome.Rejected, threeDaysAgo.AddHours(8), Error("receipt-required")));
        await WriteAsync(Row("R2", ReportOutcome.Rejected, twoDaysAgo.AddHours(8), Error("receipt-required"), Error("future-date")));
        await WriteAsync(Row("F1", ReportOutcome.PostingFailed, twoDaysAgo.AddHours(11)) with { FailureReason = "Not posted: account closed" });
        await WriteAsync(Row("A1", ReportOutcome.AwaitingResolution, threeDaysAgo.AddHours(9)) with
        {
            Exception = new OpenException("expense:canonical:A1:v1:0", threeDaysAgo.AddHours(9), threeDaysAgo.AddDays(4), threeDaysAgo.AddDays(5), []),
        });

        // Act
        var (status, metrics) = await GetAsync("?days=7", TestIdentity.Bearer(roles: FinanceFlowRoles.Reader));
        var (_, byDefault) = await GetAsync(string.Empty, TestIdentity.Bearer(roles: FinanceFlowRoles.Reader));

        // Assert
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["from", "to", "truncated", "rowsRead", "totals", "days", "failureReasons"], metrics.EnumerateObject().Select(p => p.Name));
        var days = metrics.GetProperty("days").EnumerateArray().ToList();
        var lastDay = DateOnly.FromDateTime(metrics.GetProperty("to").GetDateTimeOffset().UtcDateTime);
        Assert.Equal(Enumerable.Range(-6, 7).Select(i => lastDay.AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), days.Select(d => d.GetProperty("date").GetString()));
        Assert.Equal(Midnight(lastDay.AddDays(-6)), metrics.GetProperty("from").GetDateTimeOffset());
        Assert.False(metrics.GetProperty("truncated").GetBoolean());

        var third = Day(days, today.AddDays(-3));
        Assert.Equal((1, 1, 0, 1), Counts(third));
        Assert.Equal(JsonValueKind.Null, third.GetProperty("lag").ValueKind);
        var second = Day(days, today.AddDays(-2));
        Assert.Equal((2, 1, 1, 0), Counts(second));
        Assert.Equal((2, 30.0, 60.0, 60.0), Lag(second.GetProperty("lag")));
        Assert.All(days.Where(d => d.GetProperty("date").GetString() != third.GetProperty("date").GetString() && d.GetProperty("date").GetString() != second.GetProperty("date").GetString()),
            d => Assert.Equal((0, 0, 0, 0), Counts(d)));

        var totals = metrics.GetProperty("totals");
        Assert.Equal((3, 2, 1, 1), Counts(totals));
        Assert.Equal((2, 30.0, 60.0, 60.0), Lag(totals.GetProperty("lag")));
        Assert.Equal(
            [("receipt-required", 2), ("future-date", 1), ("posting-failed", 1)],
            metrics.GetProperty("failureReasons").EnumerateArray().Select(r => (r.GetProperty("code").GetString(), r.GetProperty("count").GetInt32())));

        Assert.Equal(14, byDefault.GetProperty("days").GetArrayLength());
        Assert.Equal((3, 2, 1, 1), Counts(byDefault.GetProperty("totals")));
    }

    [Fact]
    public async Task Metrics_WithoutATokenOrWithoutTheReaderRole_Answers401Then403()
    {
        var (anonymous, _) = await GetAsync(string.Empty, null);
        var (otherRoles, refusal) = await GetAsync(string.Empty, TestIdentity.Bearer(roles: [.. FinanceFlowRoles.All.Where(r => r != FinanceFlowRoles.Reader)]));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal(HttpStatusCode.Forbidden, otherRoles);
        Assert.Contains(FinanceFlowRoles.Reader, refusal.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("91")]
    [InlineData("abc")]
    public async Task Metrics_DaysOutsideOneToNinety_Answers400NamingDays(string days)
    {
        var (status, problem) = await GetAsync("?days=" + days, TestIdentity.Bearer(roles: FinanceFlowRoles.Reader));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("https://financeflow.dev/problems/invalid-query", problem.GetProperty("type").GetString());
        Assert.Equal("days", Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("pointer").GetString());
    }

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static JsonElement Day(List<JsonElement> days, DateOnly date) =>
        days.Single(d => d.GetProperty("date").GetString() == date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    private static (int Posted, int Rejected, int Failed, int AwaitingResolution) Counts(JsonElement figures) => (
        figures.GetProperty("posted").GetInt32(), figures.GetProperty("rejected").GetInt32(), figures.GetProperty("failed").GetInt32(), figures.GetProperty("awaitingResolution").GetInt32());

    private static (int Count, double P50, double P90, double Max) Lag(JsonElement lag) => (
        lag.GetProperty("count").GetInt32(), lag.GetProperty("p50Minutes").GetDouble(), lag.GetProperty("p90Minutes").GetDouble(), lag.GetProperty("maxMinutes").GetDouble());

    private static Finding Error(string code) => new(code, code, null, FindingSeverity.Error);

    private static ReportStatusRecord Posted(string id, DateTimeOffset? approved, DateTimeOffset posted) =>
        Row(id, ReportOutcome.Posted, posted) with { ApprovedAt = approved, PostedAt = posted, ErpDocumentNumber = "T-" + id };

    private static ReportStatusRecord Row(string id, ReportOutcome outcome, DateTimeOffset at, params Finding[] findings) => new(
        "canonical", id, 1, $"expense:canonical:{id}:v1", ReportStage.Completed, outcome, "E100", "Ada Lovelace", "USD", 60.00m, null, null, findings, at.AddHours(-1), at);

    private Task WriteAsync(ReportStatusRecord row) => _statuses.UpsertAsync(row, CancellationToken.None);

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string query, AuthenticationHeaderValue? token)
    {
        using var http = host.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/metrics" + query);
        request.Headers.Authorization = token;
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return (response.StatusCode, document.RootElement.Clone());
    }
}
