using System.Text.Json;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Model;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.MasterData;

namespace FinanceFlow.Api.Tests.MasterData;

[Trait("Category", "Integration")]
public sealed class MasterDataEndpointsTests(AzuriteProcess azurite) : IClassFixture<AzuriteProcess>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly MasterDataHttp _http = new(azurite, Now);
    private readonly string _entity = "E" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    [Fact]
    public async Task PutAsync_CsvWithBadRowOnLine3_Answers400NamingLineAndFieldAndWritesNothing()
    {
        var csv = $"entity,code,rate,deductiblePercent\n{_entity},VST19,19,100\n{_entity},VST7,7,150\n";

        var (status, contentType, body) = await PutAsync("tax-codes", csv, "text/csv");

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", contentType);
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.Equal("deductiblePercent", error.GetProperty("field").GetString());
        Assert.Equal("line 3", error.GetProperty("pointer").GetString());
        Assert.DoesNotContain(await _http.Store.LoadAsync(MasterDataKind.TaxCodes, CancellationToken.None), r => ((TaxCode)r).Entity == _entity);
    }

    [Fact]
    public async Task PutAsync_PartialCsv_WritesTheGoodRowsAndListsTheRejectedOnes()
    {
        var csv = $"entity,code,name\n{_entity},CC-1,Sales\n{_entity},,No code\n{_entity},CC-3,Ops\n";

        var (status, _, body) = await PutAsync("cost-centers", csv, "text/csv", "?partial=true&sourceSystem=hr");

        Assert.Equal(200, status);
        Assert.Equal(2, body.GetProperty("summary").GetProperty("added").GetInt32());
        Assert.Equal(3, Assert.Single(body.GetProperty("rejected").EnumerateArray()).GetProperty("line").GetInt32());
        var centers = (await _http.Store.LoadAsync(MasterDataKind.CostCenters, CancellationToken.None)).Cast<CostCenter>().Where(c => c.Entity == _entity).ToList();
        Assert.Equal(["CC-1", "CC-3"], centers.Select(c => c.Code).Order());
        Assert.All(centers, c => Assert.Equal(("hr", Now), (c.SourceSystem, c.LastSyncedAt)));
    }

    [Fact]
    public async Task PutAsync_ReplaceJson_DeactivatesWhatTheSourceNoLongerListsAndRecordsSummaryAndAudit()
    {
        var query = "?sourceSystem=" + _entity;
        await PutAsync("projects", $$"""[{"entity":"{{_entity}}","code":"P-1"},{"entity":"{{_entity}}","code":"P-2"}]""", query: query);

        _http.Time.Now = Now.AddHours(1);
        var (status, _, body) = await PutAsync("projects", $$"""{"records":[{"entity":"{{_entity}}","code":"P-1","name":"Renamed"}]}""", query: query, caller: "erika@contoso.com");

        Assert.Equal(200, status);
        var summary = body.GetProperty("summary");
        Assert.Equal((0, 1, 1), (summary.GetProperty("added").GetInt32(), summary.GetProperty("changed").GetInt32(), summary.GetProperty("deactivated").GetInt32()));
        var inactive = await GetAsync("projects", $"?entity={_entity}&active=false");
        Assert.Equal("P-2", Assert.Single(inactive.GetProperty("records").EnumerateArray()).GetProperty("code").GetString());
        Assert.Equal(1, (await _http.Runs.ReadLatestAsync(MasterDataKind.Projects, 1, CancellationToken.None))[0].Changed);
        var audit = await _http.Audit.ReadAsync(new ReportKey("masterdata", "projects"), CancellationToken.None);
        var row = Assert.Single(audit, r => r.Actor == "erika@contoso.com");
        Assert.Equal((MasterDataRecords.ImportedStep, 64), (row.Step, row.InputSha256.Length));
        Assert.Contains("\"deactivated\":1", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_EntityFilter_AnswersKindCountAndRecordsOfThatEntityOnly()
    {
        await PutAsync("gl-accounts", $$"""[{"entity":"{{_entity}}","account":"expenses:travel"},{"entity":"OTHER","account":"expenses:travel"}]""", query: "?mode=merge");

        var body = await GetAsync("gl-accounts", $"?entity={_entity.ToLowerInvariant()}");

        Assert.Equal(("gl-accounts", 1), (body.GetProperty("kind").GetString(), body.GetProperty("count").GetInt32()));
        Assert.Equal("expenses:travel", body.GetProperty("records")[0].GetProperty("account").GetString());
    }

    [Theory]
    [InlineData("GET", "vendors", "application/json", 404)]
    [InlineData("PUT", "vendors", "application/json", 404)]
    [InlineData("PUT", "employees", "application/xml", 415)]
    public async Task Requests_UnknownKindOrContentType_AnswerProblem(string method, string kind, string contentType, int expected)
    {
        var request = MasterDataHttp.Request(method, body: method == "GET" ? "" : "[]", contentType: contentType);

        var (status, contentTypeOut, _) = await _http.MasterDataAsync(request, kind);

        Assert.Equal((expected, "application/problem+json"), (status, contentTypeOut));
    }

    [Fact]
    public async Task PutAsync_BodyOver20MiB_Answers413()
    {
        var request = MasterDataHttp.Request("PUT", body: "[]");
        request.ContentLength = MasterDataRecords.MaxBodyBytes + 1L;

        var (status, _, _) = await _http.MasterDataAsync(request, "employees");

        Assert.Equal(413, status);
    }

    private async Task<(int Status, string? ContentType, JsonElement Body)> PutAsync(string kind, string body, string contentType = "application/json", string query = "", string? caller = null)
    {
        var request = MasterDataHttp.Request("PUT", query, body, contentType, caller);
        return await _http.MasterDataAsync(request, kind);
    }

    private async Task<JsonElement> GetAsync(string kind, string query)
    {
        var request = MasterDataHttp.Request("GET", query);
        var (status, _, body) = await _http.MasterDataAsync(request, kind);
        Assert.Equal(200, status);
        return body;
    }
}
