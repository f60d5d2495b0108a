using System.Text.Json;
using FinanceFlow.Core.Audit;
using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Security;
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

    private const string Maker = "erika@contoso.com";
    private const string Checker = "bob@contoso.com";

    [Fact]
    public async Task PutAsync_NewRule_IsOnlyProposedUntilASecondPrincipalApprovesIt_BothNamedInTheAuditTrail()
    {
        await SeedAsync();

        var (proposedStatus, _, proposed) = await PutAsync(Rules(("Parking", "expenses:parking", "2026-01-01", null)), caller: Maker);
        var beforeApproval = await GetAsync($"?entity={_entity}");
        var (status, _, approved) = await ApproveAsync(proposed, Checker);
        var afterApproval = await GetAsync($"?entity={_entity}");

        Assert.Equal(202, proposedStatus);
        Assert.Equal(("Pending", Maker), (proposed.GetProperty("status").GetString(), proposed.GetProperty("proposedBy").GetString()));
        Assert.Empty(beforeApproval.GetProperty("rules").EnumerateArray());
        Assert.Equal(200, status);
        var version = approved.GetProperty("version").GetInt32();
        Assert.Equal(("Approved", Checker), (approved.GetProperty("status").GetString(), approved.GetProperty("decidedBy").GetString()));
        var rule = Assert.Single(afterApproval.GetProperty("rules").EnumerateArray());
        Assert.Equal(("expenses:parking", Maker, Checker, version), (rule.GetProperty("target").GetString(), rule.GetProperty("changedBy").GetString(), rule.GetProperty("approvedBy").GetString(), rule.GetProperty("version").GetInt32()));
        var audit = await _http.Audit.ReadAsync(new ReportKey("mappings", "expense-types"), CancellationToken.None);
        var changeId = proposed.GetProperty("changeId").GetString()!;
        Assert.Contains(audit, r => r.Step == AuditSteps.MappingProposed && r.Actor == Maker && r.Detail!.Contains(changeId, StringComparison.Ordinal));
        var row = Assert.Single(audit, r => r.Step == MappingRules.ChangedStep && r.Detail!.Contains(_entity, StringComparison.Ordinal));
        Assert.Equal((Checker, version), (row.Actor, row.Version));
        using var detail = JsonDocument.Parse(row.Detail!);
        Assert.Equal(JsonValueKind.Null, detail.RootElement.GetProperty("before").ValueKind);
        Assert.Equal((Maker, Checker), (detail.RootElement.GetProperty("proposedBy").GetString(), detail.RootElement.GetProperty("approvedBy").GetString()));
    }

    [Theory]
    [InlineData(Maker)]
    [InlineData("ERIKA@CONTOSO.COM ")]
    public async Task ApproveAsync_ByTheMaker_Answers403AndTheChangeStaysPending(string approver)
    {
        await SeedAsync();
        var (_, _, proposed) = await PutAsync(Rules(("Parking", "expenses:parking", "2026-01-01", null)), caller: Maker);

        var (status, contentType, problem) = await ApproveAsync(proposed, approver);
        var (_, _, change) = await _http.ChangesAsync(MasterDataHttp.Request("GET"), "expense-types", proposed.GetProperty("changeId").GetString());

        Assert.Equal((403, "application/problem+json"), (status, contentType));
        Assert.EndsWith("/maker-cannot-approve", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Contains(Maker, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Pending", change.GetProperty("status").GetString());
        Assert.Empty((await GetAsync($"?entity={_entity}")).GetProperty("rules").EnumerateArray());
    }

    [Fact]
    public async Task DecisionRoutes_WrongCaller_Refused401Or403AndNothingChanges()
    {
        await SeedAsync();
        var (_, _, proposed) = await PutAsync(Rules(("Parking", "expenses:parking", "2026-01-01", null)), caller: Maker);
        var changeId = proposed.GetProperty("changeId").GetString()!;
        var anonymous = MasterDataHttp.Request("POST");
        anonymous.HttpContext.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());

        var (noToken, _, _) = await _http.DecideAsync(anonymous, "expense-types", changeId);
        var (reader, _, readerProblem) = await _http.DecideAsync(MasterDataHttp.Request("POST", caller: Checker, roles: FinanceFlowRoles.Reader), "expense-types", changeId);
        var (rejectReader, _, _) = await _http.DecideAsync(MasterDataHttp.Request("POST", caller: Checker, roles: FinanceFlowRoles.Operator), "expense-types", changeId, approve: false);
        var (putReader, _, _) = await _http.MappingsAsync(MasterDataHttp.Request("PUT", body: Rules(("Taxi", "expenses:travel", "2026-01-01", null)), caller: Checker, roles: FinanceFlowRoles.Reader), "expense-types");

        Assert.Equal((401, 403, 403, 403), (noToken, reader, rejectReader, putReader));
        Assert.Contains(FinanceFlowRoles.MasterData, readerProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var (_, _, change) = await _http.ChangesAsync(MasterDataHttp.Request("GET"), "expense-types", changeId);
        Assert.Equal("Pending", change.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ApproveAsync_Twice_OnceInForceSecondAnswers409()
    {
        await SeedAsync();
        var (_, _, proposed) = await PutAsync(Rules(("Parking", "expenses:parking", "2026-01-01", null)), caller: Maker);

        var first = await ApproveAsync(proposed, Checker);
        var second = await ApproveAsync(proposed, "carol@contoso.com");

        Assert.Equal((200, 409), (first.Status, second.Status));
        Assert.EndsWith("/mapping-change-decided", second.Body.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Single((await GetAsync($"?entity={_entity}")).GetProperty("rules").EnumerateArray());
    }

    [Fact]
    public async Task ApproveAsync_TwoCheckersAtOnce_ExactlyOneVersionIsMade()
    {
        await SeedAsync();
        var (_, _, proposed) = await PutAsync(Rules(("Parking", "expenses:parking", "2026-01-01", null)), caller: Maker);
        var before = (await _http.Mappings.LoadAsync(MappingKind.ExpenseTypes, CancellationToken.None)).Version;

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => ApproveAsync(proposed, $"checker{i}@contoso.com")));

        Assert.Single(answers, a => a.Status == 200);
        Assert.All(answers.Where(a => a.Status != 200), a => Assert.Equal(409, a.Status));
        Assert.Equal(before + 1, (await _http.Mappings.LoadAsync(MappingKind.ExpenseTypes, CancellationToken.None)).Version);
        Assert.Single((await GetAsync($"?entity={_entity}")).GetProperty("rules").EnumerateArray());
    }

    [Fact]
    public async Task RejectAsync_WithReason_TheChangeNeverTakesEffectAndCannotBeApprovedLater()
    {
        await SeedAsync();
        var (_, _, proposed) = await PutAsync(Rules(("Parking", "expenses:parking", "2026-01-01", null)), caller: Maker);
        var changeId = proposed.GetProperty("changeId").GetString()!;

        var (status, _, rejected) = await _http.DecideAsync(MasterDataHttp.Request("POST", body: """{"reason":"wrong account for DE"}""", caller: Checker), "expense-types", changeId, approve: false);
        var (late, _, _) = await ApproveAsync(proposed, "carol@contoso.com");
        var (_, _, pending) = await _http.ChangesAsync(MasterDataHttp.Request("GET", "?status=pending"), "expense-types");

        Assert.Equal((200, 409), (status, late));
        Assert.Equal(("Rejected", Checker, "wrong account for DE"), (rejected.GetProperty("status").GetString(), rejected.GetProperty("decidedBy").GetString(), rejected.GetProperty("reason").GetString()));
        Assert.Empty((await GetAsync($"?entity={_entity}")).GetProperty("rules").EnumerateArray());
        Assert.DoesNotContain(pending.GetProperty("changes").EnumerateArray(), c => c.GetProperty("changeId").GetString() == changeId);
        var audit = await _http.Audit.ReadAsync(new ReportKey("mappings", "expense-types"), CancellationToken.None);
        Assert.Contains(audit, r => r.Step == AuditSteps.MappingRejected && r.Actor == Checker && r.Detail!.Contains("wrong account for DE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApproveAsync_AnOverlappingChangeWasApprovedMeanwhile_Answers409NamingTheRuleAndStaysPending()
    {
        await SeedAsync();
        var (_, _, first) = await PutAsync(Rules(("Hotel", "expenses:travel", "2026-01-01", "2026-06-30")), caller: Maker);
        var (_, _, second) = await PutAsync(Rules(("Hotel", "expenses:parking", "2026-03-01", "2026-04-30")), caller: Maker);
        await ApproveAsync(first, Checker);

        var (status, _, problem) = await ApproveAsync(second, Checker);

        Assert.Equal(409, status);
        Assert.EndsWith("/mapping-change-stale", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal("/rules/0/effectiveFrom", Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("pointer").GetString());
        var (_, _, change) = await _http.ChangesAsync(MasterDataHttp.Request("GET"), "expense-types", second.GetProperty("changeId").GetString());
        Assert.Equal("Pending", change.GetProperty("status").GetString());
    }

    [Fact]
    public async Task PutAsync_LaterRule_ClosesTheOldOneAndGetAtAnswersTheVersionEffectiveThatDay()
    {
        await SeedAsync();
        await ApproveAsync((await PutAsync(Rules(("Taxi", "expenses:travel", "2026-01-01", null)))).Body, Checker);
        var (_, _, second) = await ApproveAsync((await PutAsync(Rules(("Taxi", "expenses:parking", "2026-12-01", null)), caller: "bob")).Body, Checker);

        var before = await GetAsync($"?entity={_entity}&at=2026-11-30");
        var after = await GetAsync($"?entity={_entity}&at=2026-12-01");

        Assert.Equal("expenses:travel", Assert.Single(before.GetProperty("rules").EnumerateArray()).GetProperty("target").GetString());
        Assert.Equal("2026-11-30", before.GetProperty("rules")[0].GetProperty("effectiveTo").GetString());
        Assert.Equal("expenses:parking", Assert.Single(after.GetProperty("rules").EnumerateArray()).GetProperty("target").GetString());
        Assert.Equal(2, second.GetProperty("changed").GetArrayLength());
        var audit = await _http.Audit.ReadAsync(new ReportKey("mappings", "expense-types"), CancellationToken.None);
        Assert.Contains(audit, r => r.Actor == Checker && r.Detail!.Contains("\"before\":{", StringComparison.Ordinal) && r.Detail.Contains("\"proposedBy\":\"bob\"", StringComparison.Ordinal) && r.Detail.Contains(_entity, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PutAsync_OverlappingDates_Answers400NamingTheRuleAndProposesNothing()
    {
        await SeedAsync();
        await ApproveAsync((await PutAsync(Rules(("Hotel", "expenses:travel", "2026-01-01", "2026-06-30")))).Body, Checker);

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
    public async Task ApproveAsync_SomeoneSavedMeanwhile_Answers409()
    {
        await SeedAsync();
        var proposal = new MappingProposal
        {
            Id = new string('a', 32),
            Kind = MappingKind.ExpenseTypes,
            Status = MappingProposalStatus.Pending,
            BaseVersion = 4,
            Rules = [new MappingRule { Kind = MappingKind.ExpenseTypes, Entity = _entity, Source = "Fuel", Target = "expenses:travel", EffectiveFrom = new DateOnly(2026, 1, 1) }],
            ProposedBy = Maker,
            ProposedAt = Now,
        };
        var store = new Mock<IMappingStore>();
        store.Setup(s => s.LoadAsync(MappingKind.ExpenseTypes, It.IsAny<CancellationToken>())).ReturnsAsync(new MappingRuleSet(MappingKind.ExpenseTypes, 4, [], "etag"));
        store.Setup(s => s.GetProposalAsync(MappingKind.ExpenseTypes, proposal.Id, It.IsAny<CancellationToken>())).ReturnsAsync(new StoredMappingProposal(proposal, "etag"));
        store.Setup(s => s.SaveAsync(It.IsAny<MappingRuleSet>(), It.IsAny<IReadOnlyList<MappingRule>>(), 5, It.IsAny<StoredMappingProposal>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new MappingVersionConflictException(MappingKind.ExpenseTypes, 4));
        var rules = new MappingRules(store.Object, _http.Source, new Mock<IAuditTrail>().Object, _http.Time);

        var (status, _, problem) = await _http.DecideAsync(MasterDataHttp.Request("POST", caller: Checker), "expense-types", proposal.Id, rules: rules);

        Assert.Equal(409, status);
        Assert.EndsWith("/mapping-version-conflict", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public async Task Decisions_UnknownChange_Answer404(string changeId)
    {
        var (approve, _, _) = await _http.DecideAsync(MasterDataHttp.Request("POST", caller: Checker), "expense-types", changeId);
        var (reject, _, _) = await _http.DecideAsync(MasterDataHttp.Request("POST", caller: Checker), "expense-types", changeId, approve: false);
        var (get, _, _) = await _http.ChangesAsync(MasterDataHttp.Request("GET"), "expense-types", changeId);

        Assert.Equal((404, 404, 404), (approve, reject, get));
    }

    [Fact]
    public async Task ListChanges_BadStatus_Answers400NamingTheParameter()
    {
        var (status, _, problem) = await _http.ChangesAsync(MasterDataHttp.Request("GET", "?status=3"), "expense-types");

        Assert.Equal(400, status);
        Assert.Equal("status", Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("pointer").GetString());
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

    private Task<(int Status, string? ContentType, JsonElement Body)> ApproveAsync(JsonElement proposed, string checker) =>
        _http.DecideAsync(MasterDataHttp.Request("POST", caller: checker), "expense-types", proposed.GetProperty("changeId").GetString()!);

    private async Task<JsonElement> GetAsync(string query)
    {
        var request = MasterDataHttp.Request("GET", query);
        var (status, _, body) = await _http.MappingsAsync(request, "expense-types");
        Assert.Equal(200, status);
        return body;
    }
}
