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
