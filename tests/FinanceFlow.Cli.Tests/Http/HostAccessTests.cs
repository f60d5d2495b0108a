using System.Security.Cryptography;
using FinanceFlow.Cli.Http;
using FinanceFlow.Core.Security;

namespace FinanceFlow.Cli.Tests.Http;

public sealed class HostAccessTests
{
    [Fact]
    public void Apply_TokenAndFunctionKey_SendsBothAndNoPrincipalHeader()
    {
        var access = HostAccess.Given("abc.def.ghi", "fn-key", "--token");
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:7071/api/v1/reports/canonical/R-1");

        access.Apply(request);

        Assert.Equal("Bearer", request.Headers.Authorization?.Scheme);
        Assert.Equal("abc.def.ghi", request.Headers.Authorization?.Parameter);
        Assert.Equal(["fn-key"], request.Headers.GetValues("x-functions-key"));
        Assert.False(request.Headers.Contains("X-MS-CLIENT-PRINCIPAL-NAME"));
    }

    [Fact]
    public void Apply_NoToken_SendsNoAuthorization()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:7071/api/v1/reports/canonical/R-1");

        HostAccess.Anonymous().Apply(request);

        Assert.Null(request.Headers.Authorization);
    }

    [Fact]
    public void Given_DevelopmentToken_ReadsItsNameForMessages()
    {
        var token = new DevelopmentTokenIssuer(RandomNumberGenerator.GetBytes(32)).Issue("ops@example.com", [FinanceFlowRoles.Operator], TimeSpan.FromHours(1));

        Assert.Equal("ops@example.com", HostAccess.Given(token, null, "--token").Principal);
    }

    [Fact]
    public void Advice_401WithoutToken_SaysHowToGetOne()
    {
        var advice = HostAccess.Anonymous().Advice(401);

        Assert.Contains("--token", advice, StringComparison.Ordinal);
        Assert.Contains(HostAccess.TokenVariable, advice, StringComparison.Ordinal);
        Assert.Contains("financeflow token", advice, StringComparison.Ordinal);
        Assert.Contains(DevelopmentTokenIssuer.DefaultKeyFile, advice, StringComparison.Ordinal);
    }

    [Fact]
    public void From_403_NamesTheRouteTheHostsProblemAndTheToken()
    {
        var access = HostAccess.Given("abc.def.ghi", null, "--token");
        var body = """{"type":"about:blank","title":"Forbidden","status":403,"detail":"This route needs the role FinanceFlow.Operator."}""";

        var refused = HostRefusedException.From(HttpMethod.Post, new Uri("http://127.0.0.1:7071/api/v1/reconciliations"), 403, body, access);

        Assert.Contains("403 to POST /api/v1/reconciliations", refused.Message, StringComparison.Ordinal);
        Assert.Contains("FinanceFlow.Operator", refused.Message, StringComparison.Ordinal);
        Assert.Contains("lacks the role", refused.Message, StringComparison.Ordinal);
    }
}
