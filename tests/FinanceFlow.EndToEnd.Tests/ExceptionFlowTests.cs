using System.Net;
using System.Text.Json;
using FinanceFlow.Core.Security;
using FinanceFlow.Testing;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>The self-host with a limit per line of 100 USD: a report over it waits for a person instead of ending.</summary>
public sealed class ExceptionFlowFixture : EndToEndFixture
{
    protected override void Configure(IDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["FinanceFlow__Policy__LineAmountLimit"] = "100";
    }
}

/// <summary>What finance notices when a report breaks an overridable policy: it waits, and only someone outside the report may let it through.</summary>
public sealed class ExceptionFlowTests(ExceptionFlowFixture e2e) : IClassFixture<ExceptionFlowFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ReportOverTheLimit_WaitsItsOwnEmployeeIsRefusedAndASecondPersonsOverridePostsItOnce()
    {
        // Arrange: sample 02's hotel line is 331.86 USD, over the 100 USD limit.
        var reportId = "EXC-" + Guid.NewGuid().ToString("N")[..8];
        using var accepted = await e2e.DeliverAsync(EndToEndFixture.Sample("02-usd-nyc-client-visit.json", reportId));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var waiting = await e2e.WaitForReportAsync(reportId, v => v.GetProperty("outcome").GetString() == "AwaitingResolution", Timeout, $"report {reportId} to wait");
        var path = $"/api/v1/reports/canonical/{reportId}/resolution";
        const string Override = """{"action":"approve-override","reason":"Client dinner at the hotel, agreed with the CFO."}""";

        // Act
        var (anonymous, _) = await SendAsync(path, Override, bearer: null);
        var (readerOnly, _) = await SendAsync(path, Override, TestIdentity.Bearer("reader@example.com", FinanceFlowRoles.Reader));
        var (operatorOnly, operatorRefusal) = await SendAsync(path, Override, TestIdentity.Bearer("ops@example.com", FinanceFlowRoles.Operator));
        var (own, ownRefusal) = await SendAsync(path, Override, TestIdentity.Bearer("ada.lovelace@example.com", FinanceFlowRoles.Approver));
        var (first, decision) = await SendAsync(path, Override, TestIdentity.Bearer("controller@example.com", FinanceFlowRoles.Approver));
        var (again, repeat) = await SendAsync(path, Override, TestIdentity.Bearer("controller@example.com", FinanceFlowRoles.Approver));
        var posted = await e2e.WaitForOutcomeAsync(reportId, Timeout);
        var (late, lateRefusal) = await SendAsync(path, """{"action":"reject","reason":"too late"}""", TestIdentity.Bearer("auditor@example.com", FinanceFlowRoles.Approver));

        // Assert: waiting, with the finding a person may override
        var finding = waiting.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "amount-over-limit");
        Assert.True(finding.GetProperty("overridable").GetBoolean());
        Assert.Equal((401, 403, 403), (anonymous, readerOnly, operatorOnly));
        Assert.Contains(FinanceFlowRoles.Approver, operatorRefusal.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(403, own);
        Assert.Equal("https://financeflow.dev/problems/segregation-of-duties", ownRefusal.GetProperty("type").GetString());
        Assert.Contains("employee", ownRefusal.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((202, false), (first, decision.GetProperty("repeated").GetBoolean()));
        Assert.Equal((202, true), (again, repeat.GetProperty("repeated").GetBoolean()));
        Assert.Equal(decision.GetProperty("at").GetString(), repeat.GetProperty("at").GetString());

        // Posted once, the finding now a warning that names who let it through, and the decision in the audit trail
        Assert.Equal("Posted", posted.GetProperty("outcome").GetString());
        Assert.Equal(1, await e2e.Hledger.CountTransactionsWithCodeAsync("FF-CANONICAL-" + reportId));
        var warning = posted.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "amount-over-limit");
        Assert.Equal("Warning", warning.GetProperty("severity").GetString());
        Assert.Contains("Overridden by controller@example.com", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
        var audit = posted.GetProperty("audit").EnumerateArray().ToList();
        Assert.Single(audit, a => a.GetProperty("outcome").GetString() == "ResolutionRequested" && a.GetProperty("actor").GetString() == "controller@example.com");
        Assert.Single(audit, a => a.GetProperty("outcome").GetString() == "ExceptionResolved" && a.GetProperty("actor").GetString() == "controller@example.com");
        Assert.Single(audit, a => a.GetProperty("outcome").GetString() == "ExceptionOpened");
        Assert.Equal(409, late);
        Assert.Equal("https://financeflow.dev/problems/already-resolved", lateRefusal.GetProperty("type").GetString());
    }

    [Fact]
    public async Task ResolutionForAReportWithoutAnExceptionOrUnknown_409And404()
    {
        var reportId = "EXC-" + Guid.NewGuid().ToString("N")[..8];
        using var accepted = await e2e.DeliverAsync(EndToEndFixture.Sample("01-usd-team-lunch.json", reportId));
        Assert.Equal("Posted", (await e2e.WaitForOutcomeAsync(reportId, Timeout)).GetProperty("outcome").GetString());
        const string Reject = """{"action":"reject","reason":"no"}""";

        var (posted, conflict) = await SendAsync($"/api/v1/reports/canonical/{reportId}/resolution", Reject, TestIdentity.Bearer("controller@example.com", FinanceFlowRoles.Approver));
        var (unknown, _) = await SendAsync("/api/v1/reports/canonical/NEVER-SENT/resolution", Reject, TestIdentity.Bearer("controller@example.com", FinanceFlowRoles.Approver));
        var (invalid, problem) = await SendAsync($"/api/v1/reports/canonical/{reportId}/resolution", """{"action":"approve-override"}""", TestIdentity.Bearer("controller@example.com", FinanceFlowRoles.Approver));

        Assert.Equal(409, posted);
        Assert.Equal("https://financeflow.dev/problems/no-open-exception", conflict.GetProperty("type").GetString());
        Assert.Equal(404, unknown);
        Assert.Equal(400, invalid);
        Assert.Equal("/reason", problem.GetProperty("errors")[0].GetProperty("pointer").GetString());
    }

    private async Task<(int Status, JsonElement Body)> SendAsync(string path, string json, System.Net.Http.Headers.AuthenticationHeaderValue? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = bearer;
        using var client = new HttpClient { BaseAddress = e2e.SelfHost.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
        return ((int)response.StatusCode, body.RootElement.Clone());
    }
}
