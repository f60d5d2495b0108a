using FinanceFlow.Api.Http;
using FinanceFlow.Api.Operations;

namespace FinanceFlow.Api.Tests.Operations;

public sealed class OperationsEndpointsTests
{
    [Fact]
    public async Task GetExceptions_UnknownKind_Answers400NamingTheKinds()
    {
        var request = HttpTestContext.Request(string.Empty);
        request.Method = "GET";
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?kind=everything");

        // The query is refused before the queue is read.
        var (status, contentType, problem) = await HttpTestContext.RunAsync(
            RouteNames.GetExceptions, request, () => OperationsEndpoints.GetExceptionsAsync(request, null!, CancellationToken.None));

        Assert.Equal((400, "application/problem+json"), (status, contentType));
        Assert.Contains("posting-failed, posting-in-doubt, awaiting-master-data, stuck, rejected", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("kind", problem.GetProperty("errors")[0].GetProperty("pointer").GetString());
    }

    [Theory]
    [InlineData("source=con%2Fcur", "source")]
    [InlineData("entity=", "entity")]
    [InlineData("olderThan=2d", "olderThan")]
    [InlineData("olderThan=P1M", "olderThan")]
    [InlineData("olderThan=-PT1H", "olderThan")]
    [InlineData("top=0", "top")]
    [InlineData("top=501", "top")]
    [InlineData("continuation=garbage", "continuation")]
    public async Task GetExceptions_BadFilterOrPage_Answers400NamingTheParameter(string query, string parameter)
    {
        var request = HttpTestContext.Request(string.Empty);
        request.Method = "GET";
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?" + query);

        var (status, contentType, problem) = await HttpTestContext.RunAsync(
            RouteNames.GetExceptions, request, () => OperationsEndpoints.GetExceptionsAsync(request, null!, CancellationToken.None));

        Assert.Equal((400, "application/problem+json"), (status, contentType));
        Assert.Equal("https://financeflow.dev/problems/invalid-query", problem.GetProperty("type").GetString());
        Assert.Equal(parameter, Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("pointer").GetString());
    }

    [Fact]
    public async Task GetExceptions_SeveralBadParameters_NamesEach()
    {
        var request = HttpTestContext.Request(string.Empty);
        request.Method = "GET";
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?kind=all&top=x&olderThan=soon");

        var (status, _, problem) = await HttpTestContext.RunAsync(
            RouteNames.GetExceptions, request, () => OperationsEndpoints.GetExceptionsAsync(request, null!, CancellationToken.None));

        Assert.Equal(400, status);
        Assert.Equal(["kind", "olderThan", "top"], problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("pointer").GetString()));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("91")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("")]
    public async Task GetMetrics_DaysOutsideOneToNinety_Answers400NamingDays(string days)
    {
        var request = HttpTestContext.Request(string.Empty);
        request.Method = "GET";
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?days=" + days);

        // The query is refused before any status row is read.
        var (status, contentType, problem) = await HttpTestContext.RunAsync(
            RouteNames.GetMetrics, request, () => OperationsEndpoints.GetMetricsAsync(request, null!, CancellationToken.None));

        Assert.Equal((400, "application/problem+json"), (status, contentType));
        Assert.Equal("https://financeflow.dev/problems/invalid-query", problem.GetProperty("type").GetString());
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal("days", error.GetProperty("pointer").GetString());
        Assert.Contains("from 1 to 90", error.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("ten")]
    public async Task ListReconciliations_TopOutOfRange_Answers400NamingTop(string top)
    {
        var request = HttpTestContext.Request(string.Empty);
        request.Method = "GET";
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?top=" + top);

        var (status, _, problem) = await HttpTestContext.RunAsync(
            RouteNames.ListReconciliations, request, () => OperationsEndpoints.ListReconciliationsAsync(request, null!, CancellationToken.None));

        Assert.Equal(400, status);
        Assert.Equal("top", problem.GetProperty("errors")[0].GetProperty("pointer").GetString());
    }
}
