using System.Text.Json;
using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Mappings;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.MasterData;
using Moq;

namespace FinanceFlow.Api.Tests.MasterData;

[Trait("Category", "Integration")]
public sealed class MappingEndpointsTests(AzuriteProcess azurite) : IClassFixture<AzuriteProcess>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly MasterDataHttp _http = new(azurite, Now);
    private readonly string _entity = "E" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    [Fact]
    public async Task PutAsync_NewRule_IsSavedVersionedAndAuditedWithTheCallerIdentity()
    {
        await SeedAsync();

        var (status, _, body) = await PutAsync(Rules(("Parking", "expenses:parking", "2026-01-01", null)), caller: "erika@contoso.com");

        Assert.Equal(200, status);
        var version = body.GetProperty("version").GetInt32();
        var changed = Assert.Single(body.GetProperty("changed").EnumerateArray());
        Assert.Equal(("erika@contoso.com", version), (changed.GetProperty("changedBy").GetString(), changed.GetProperty("version").GetInt32()));
        var audit = await _http.Audit.ReadAsync(new ReportKey("mappings", "expense-types"), CancellationToken.None);
        var row = Assert.Single(audit, r => r.Detail!.Contains(_entity, StringComparison.Ordinal));
        Assert.Equal(("erika@contoso.com", MappingRules.ChangedStep, version), (row.Actor, row.Step, row.Version));
        using var detail = JsonDocument.Parse(row.Detail!);
        Assert.Equal(JsonValueKind.Null, detail.RootElement.GetProperty("before").ValueKind);
        Assert.Equal("expenses:parking", detail.RootElement.GetProperty("after").GetProperty("target").GetString());
    }

    [Fact]
    public async Task PutAsync_LaterRule_ClosesTheOldOneAndGetAtAnswersTheVersionEffectiveThatDay()
    {
        await SeedAsync();
        await PutAsync(Rules(("Taxi", "expenses:travel", "2026-01-01", null)));
        var (_, _, second) = await PutAsync(Rules(("Taxi", "expenses:parking", "2026-12-01", null)), caller: "bob");

        var before = await GetAsync($"?entity={_entity}&at=2026-11-30");
        var after = await GetAsync($"?entity={_entity}&at=2026-12-01");

        Assert.Equal("expenses:travel", Assert.Single(before.GetProperty("rules").EnumerateArray()).GetProperty("target").GetString());
        Assert.Equal("2026-11-30", before.GetProperty("rules")[0].GetProperty("effectiveTo").GetString());
        Assert.Equal("expenses:parking", Assert.Single(after.GetProperty("rules").EnumerateArray()).GetProperty("target").GetString());
        Assert.Equal(2, second.GetProperty("changed").GetArrayLength());
        var audit = await _http.Audit.ReadAsync(new ReportKey("mappings", "expense-types"), CancellationToken.None);
        Assert.Contains(audit, r => r.Actor == "bob" && r.Detail!.Contains("\"before\":{", StringComparison.Ordinal) && r.Detail.Contains(_entity, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PutAsync_OverlappingDates_Answers400NamingTheRuleAndSavesNothing()
    {
        await SeedAsync();
        await PutAsync(Rules(("Hotel", "expenses:travel", "2026-01-01", "2026-06-30")));

        var (status, _, body) = await PutAsync(Rules(("Hotel", "expenses:parking", "2026-03-01", null)));

        Assert.Equal(400, status);
        Assert.Equal("/rules/0/effectiveFrom", Assert.Single(body.GetProperty("errors").EnumerateArray()).GetProperty("pointer").GetString());
        var rules = await GetAsync($"?entity={_entity}");
        Assert.Equal("expenses:travel", Assert.Single(rules.GetProperty("rules").EnumerateArray()).GetProperty("target").GetString());
    }

    [Fact]
    public async Task PutAsync_UnknownAccount_Answers400OnTheTarget()
    {
        await SeedAsync();

        var (status, _, body) = await PutAsync(Rules(("Meals", "expenses:nowhere", "2026-01-01", null)));

        Assert.Equal(400, status);
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal("/rules/0/target", error.GetProperty("pointer").GetString());
        Assert.Contains("expenses:nowhere", error.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutAsync_SomeoneSavedMeanwhile_Answers409()
    {
        await SeedAsync();
        var store = new Mock<IMappingStore>();
        store.Setup(s => s.LoadAsync(MappingKind.ExpenseTypes, It.IsAny<CancellationToken>())).ReturnsAsync(new MappingRuleSet(MappingKind.ExpenseTypes, 4, [], "etag"));
        store.Setup(s => s.SaveAsync(It.IsAny<MappingRuleSet>(), It.IsAny<IReadOnlyList<MappingRule>>(), 5, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new MappingVersionConflictException(MappingKind.ExpenseTypes, 4));
        var rules = new MappingRules(store.Object, _http.Source, new Mock<IAuditTrail>().Object, _http.Time);
        var request = MasterDataHttp.Request("PUT", body: Rules(("Fuel", "expenses:travel", "2026-01-01", null)));

        var (status, _, _) = await _http.MappingsAsync(request, "expense-types", rules);

        Assert.Equal(409, status);
    }

    [Theory]
    [InlineData("GET", 404)]
    [InlineData("PUT", 404)]
    public async Task Requests_UnknownKind_Answer404(string method, int expected)
    {
        var request = MasterDataHttp.Request(method, body: method == "GET" ? "" : "{}");

        Assert.Equal(expected, (await _http.MappingsAsync(request, "vendors")).Status);
    }

    private async Task SeedAsync()
    {
        await _http.Store.UpsertAsync(MasterDataKind.LegalEntities, [new LegalEntity { Code = _entity, FunctionalCurrency = "EUR", Ledger = "de" }], CancellationToken.None);
        await _http.Store.UpsertAsync(
            MasterDataKind.GlAccounts,
            [new GlAccount { Entity = _entity, Account = "expenses:travel" }, new GlAccount { Entity = _entity, Account = "expenses:parking" }],
            CancellationToken.None);
    }

    private string Rules(params (string Source, string Target, string From, string? To)[] rules) =>
        JsonSerializer.Serialize(new { rules = rules.Select(r => new { entity = _entity, source = r.Source, target = r.Target, effectiveFrom = r.From, effectiveTo = r.To }) });

    private async Task<(int Status, string? ContentType, JsonElement Body)> PutAsync(string body, string? caller = null)
    {
        var request = MasterDataHttp.Request("PUT", body: body, caller: caller);
        return await _http.MappingsAsync(request, "expense-types");
    }

    private async Task<JsonElement> GetAsync(string query)
    {
        var request = MasterDataHttp.Request("GET", query);
        var (status, _, body) = await _http.MappingsAsync(request, "expense-types");
        Assert.Equal(200, status);
        return body;
    }
}
