using FinanceFlow.Connectors.Erp;

namespace FinanceFlow.Connectors.Tests.Erp;

public sealed class ErpEndpointTests
{
    private const string Setting = "FinanceFlow:Erp:Ledgers:us01:BaseUrl";

    [Theory]
    [InlineData("https://api.businesscentral.dynamics.com/v2.0/t/production/api/v2.0", false, null)]
    [InlineData("http://erp.example.com/api", false, "FinanceFlow:Erp:Ledgers:us01:BaseUrl 'http://erp.example.com/api' is plain http: an ERP is reached over https outside Development.")]
    [InlineData("https://127.0.0.1:5443/api", false, "FinanceFlow:Erp:Ledgers:us01:BaseUrl 'https://127.0.0.1:5443/api' is a loopback address: allowed only when the environment is Development.")]
    [InlineData("https://localhost/api", false, "FinanceFlow:Erp:Ledgers:us01:BaseUrl 'https://localhost/api' is a loopback address: allowed only when the environment is Development.")]
    [InlineData("http://127.0.0.1:5123", true, null)]
    [InlineData("", true, "FinanceFlow:Erp:Ledgers:us01:BaseUrl is required.")]
    [InlineData("erp.example.com/api", true, "FinanceFlow:Erp:Ledgers:us01:BaseUrl 'erp.example.com/api' is not an absolute http(s) URL.")]
    [InlineData("ftp://erp.example.com", true, "FinanceFlow:Erp:Ledgers:us01:BaseUrl 'ftp://erp.example.com' is not an absolute http(s) URL.")]
    public void Problem_EachAddress_RefusedOnlyWhereItMayNotBeUsedNamingTheSetting(string value, bool development, string? problem)
    {
        Assert.Equal(problem, ErpEndpoint.Problem(Setting, value, development));
    }
}
