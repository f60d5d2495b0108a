using System.Net;
using System.Text.RegularExpressions;
using FinanceFlow.Core.Security;
using FinanceFlow.Testing;
using Microsoft.Playwright;

namespace FinanceFlow.EndToEnd.Tests;

/// <summary>
/// The finance console in headless chromium against the self-host (limit per line 100 USD, so sample 02 waits for a person): a controller
/// finds the waiting report in the exception queue, reads its findings and audit trail, approves the override and sees it posted; a
/// token without the role sees the refusal in words.
/// </summary>
public sealed class ConsoleBrowserTests(ExceptionFlowFixture e2e) : IClassFixture<ExceptionFlowFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Console_ControllerFindsTheWaitingReportApprovesTheOverride_AndSeesItPosted()
    {
        // Arrange: sample 02's hotel line (331.86 USD) is over the limit; its employee is ada.lovelace@example.com, the resolver is not.
        var reportId = await WaitingReportAsync();
        await using var browser = await ConsoleBrowser.OpenAsync(nameof(Console_ControllerFindsTheWaitingReportApprovesTheOverride_AndSeesItPosted));
        var page = browser.Page;
        Assertions.SetDefaultExpectTimeout(30_000);

        // Act + Assert: open the console; before signing in the queue says why it shows nothing
        var opened = await page.GotoAsync(new Uri(e2e.SelfHost.BaseAddress, "/console").ToString());
        Assert.Equal((int)HttpStatusCode.OK, opened!.Status);
        Assert.EndsWith("/console/", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Not signed in (401)");
        await Assertions.Expect(page.GetByLabel("Function key")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Sign in with Microsoft" })).ToBeHiddenAsync();
        await browser.ScreenshotAsync("signed-out");

        // Sign in as the controller (Reader + Approver) and narrow the queue to what waits for a person
        await browser.SignInAsync(TestIdentity.Token("controller@example.com", [FinanceFlowRoles.Reader, FinanceFlowRoles.Approver]));
        await Assertions.Expect(page.Locator("#identity-summary")).ToContainTextAsync("Signed in as controller@example.com");
        await page.GetByLabel("Kind", new PageGetByLabelOptions { Exact = true }).SelectOptionAsync("awaiting-resolution");
        await page.GetByLabel("Source", new PageGetByLabelOptions { Exact = true }).FillAsync("canonical");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Apply filters" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("kind=awaiting-resolution"));
        var row = page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { Has = page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = $"canonical/{reportId}" }) });
        await Assertions.Expect(row).ToContainTextAsync("awaiting-resolution");
        await Assertions.Expect(row).ToContainTextAsync("amount-over-limit");
        await browser.ScreenshotAsync("exception-queue");
        var queueViolations = await browser.SeriousAccessibilityViolationsAsync();

        // Open the report: its finding a person may override and its audit trail
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = $"canonical/{reportId}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = $"Report canonical/{reportId}", Level = 1 })).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#story-outcome")).ToHaveTextAsync("AwaitingResolution");
        var finding = page.GetByRole(AriaRole.Table, new PageGetByRoleOptions { Name = "Findings of the last run" }).GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = "amount-over-limit" });
        await Assertions.Expect(finding).ToContainTextAsync("yes");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new PageGetByRoleOptions { Name = "Every step, oldest first" })).ToContainTextAsync("ExceptionOpened");
        await browser.ScreenshotAsync("report-story");
        var storyViolations = await browser.SeriousAccessibilityViolationsAsync();

        // Approve the override with a reason, by keyboard-reachable controls only
        await page.GetByLabel("Approve with an override").CheckAsync();
        await page.GetByLabel("Reason", new PageGetByLabelOptions { Exact = true }).FillAsync("Client dinner at the hotel, agreed with the CFO.");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Send the decision" }).ClickAsync();
        await Assertions.Expect(page.Locator("#action-result")).ToContainTextAsync("Decision recorded: approve-override by controller@example.com");
        await browser.ScreenshotAsync("decision-recorded");

        // The page follows the run until it is posted; the audit trail names the controller
        await Assertions.Expect(page.Locator("#story-outcome")).ToHaveTextAsync("Posted", new LocatorAssertionsToHaveTextOptions { Timeout = (float)Timeout.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("now Posted");
        var audit = page.GetByRole(AriaRole.Table, new PageGetByRoleOptions { Name = "Every step, oldest first" });
        await Assertions.Expect(audit.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = "ExceptionResolved" })).ToContainTextAsync("controller@example.com");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { NameRegex = new Regex($"^FF-CANONICAL-{reportId} — "), Level = 3 })).ToBeVisibleAsync();
        await browser.ScreenshotAsync("posted");

        Assert.Equal(1, await e2e.Hledger.CountTransactionsWithCodeAsync("FF-CANONICAL-" + reportId));
        Assert.Empty(queueViolations);
        Assert.Empty(storyViolations);
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Console_TokenWithoutTheRoleOrOfTheReportsOwnEmployee_SeesTheRefusalAndNothingChanges()
    {
        var reportId = await WaitingReportAsync();
        await using var browser = await ConsoleBrowser.OpenAsync(nameof(Console_TokenWithoutTheRoleOrOfTheReportsOwnEmployee_SeesTheRefusalAndNothingChanges));
        var page = browser.Page;
        Assertions.SetDefaultExpectTimeout(30_000);
        var story = new Uri(e2e.SelfHost.BaseAddress, $"/console/#/reports/canonical/{reportId}").ToString();

        // A reader may see the report but not decide about it
        await page.GotoAsync(story);
        await browser.SignInAsync(TestIdentity.Token("reader@example.com", [FinanceFlowRoles.Reader]));
        await Assertions.Expect(page.Locator("#story-outcome")).ToHaveTextAsync("AwaitingResolution");
        await page.GetByLabel("Reason", new PageGetByLabelOptions { Exact = true }).FillAsync("Looks fine to me.");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Send the decision" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Refused (403): your token lacks the FinanceFlow.Approver role.");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("the caller has FinanceFlow.Reader");
        await browser.ScreenshotAsync("reader-refused");

        // The report's own employee holds the role but may not approve her own report: the API's reason is shown as it words it
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign out" }).ClickAsync();
        await browser.SignInAsync(TestIdentity.Token("ada.lovelace@example.com", [FinanceFlowRoles.Reader, FinanceFlowRoles.Approver]));
        await Assertions.Expect(page.Locator("#identity-summary")).ToContainTextAsync("ada.lovelace@example.com");
        await page.GetByLabel("Reason", new PageGetByLabelOptions { Exact = true }).FillAsync("My own dinner.");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Send the decision" }).ClickAsync();
        await Assertions.Expect(page.Locator("#action-result")).ToContainTextAsync("(403)");
        await Assertions.Expect(page.Locator("#action-result")).ToContainTextAsync("employee");
        await browser.ScreenshotAsync("own-employee-refused");

        // A token without any FinanceFlow role cannot read the queue either
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign out" }).ClickAsync();
        await browser.SignInAsync(TestIdentity.Token("visitor@example.com", []));
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Exception queue" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Refused (403): your token lacks the FinanceFlow.Reader role.");
        await browser.ScreenshotAsync("no-role-refused");

        var report = await e2e.ReportAsync(reportId);
        Assert.Equal("AwaitingResolution", report.GetProperty("outcome").GetString());
        Assert.DoesNotContain(report.GetProperty("audit").EnumerateArray(), a => a.GetProperty("outcome").GetString() == "ResolutionRequested");
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Console_ReconciliationAndCharts_ShowTheLastRunItsDifferencesAndTheMetrics()
    {
        // Arrange: one posted report and a reconciliation run over the ledger
        var reportId = "CON-" + Guid.NewGuid().ToString("N")[..8];
        using var accepted = await e2e.DeliverAsync(EndToEndFixture.Sample("01-usd-team-lunch.json", reportId));
        Assert.Equal("Posted", (await e2e.WaitForOutcomeAsync(reportId, Timeout)).GetProperty("outcome").GetString());
        var (ran, run) = await e2e.SendAsAsync("ops@example.com", HttpMethod.Post, "/api/v1/reconciliations", null);
        Assert.Equal(200, ran);
        var runId = run.GetProperty("runId").GetString()!;
        using var metrics = await e2e.Http.GetAsync("/api/v1/metrics?days=14");
        await using var browser = await ConsoleBrowser.OpenAsync(nameof(Console_ReconciliationAndCharts_ShowTheLastRunItsDifferencesAndTheMetrics));
        var page = browser.Page;
        Assertions.SetDefaultExpectTimeout(30_000);

        // Act + Assert: the last run, each ledger's comparison, and the reports still open at the run
        await page.GotoAsync(new Uri(e2e.SelfHost.BaseAddress, "/console/#/reconciliation").ToString());
        await browser.SignInAsync(TestIdentity.Token("controller@example.com", [FinanceFlowRoles.Reader]));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { NameRegex = new Regex($"^Last run {Regex.Escape(runId)}: (Balanced|Differences)$") })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new PageGetByRoleOptions { Name = "Each ledger against FinanceFlow's postings" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = runId })).ToBeVisibleAsync();
        await browser.ScreenshotAsync("reconciliation");
        var reconciliationViolations = await browser.SeriousAccessibilityViolationsAsync();

        // Charts: from GET /api/v1/metrics, which counts the report just posted
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Charts" }).ClickAsync();
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        using var answer = System.Text.Json.JsonDocument.Parse(await metrics.Content.ReadAsStringAsync());
        Assert.True(answer.RootElement.GetProperty("totals").GetProperty("posted").GetInt32() >= 1, "the posted report is not counted");
        await Assertions.Expect(page.Locator("#chart-throughput svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new PageGetByRoleOptions { Name = "Reports per day", IncludeHidden = true }).Locator("tbody tr"))
            .ToHaveCountAsync(answer.RootElement.GetProperty("days").GetArrayLength());

        await browser.ScreenshotAsync("charts-from-the-host");

        // The drawing of a known answer of GET /api/v1/metrics: bars, reasons, lag, and each as a table
        await page.RouteAsync("**/api/v1/metrics?days=14", route => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "application/json", Body = MetricsAnswer() }));
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Reconciliation" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Charts" }).ClickAsync();
        await Assertions.Expect(page.Locator("#chart-throughput svg rect")).ToHaveCountAsync(14 * 2 + 3);
        await Assertions.Expect(page.Locator("#chart-reasons svg rect")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#chart-lag svg polyline")).ToHaveCountAsync(6);
        foreach (var caption in new[] { "Throughput", "Failure reasons", "Sync lag" })
        {
            await page.Locator("figure").Filter(new LocatorFilterOptions { HasText = caption }).GetByText("The numbers as a table").ClickAsync();
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Table, new PageGetByRoleOptions { Name = "Reports per day" }).GetByRole(AriaRole.Row, new LocatorGetByRoleOptions { Name = "2026-12-07 7 1 1 0", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new PageGetByRoleOptions { Name = "Failures by reason" }).GetByRole(AriaRole.Row).Nth(1)).ToHaveAccessibleNameAsync("erp-refused 5");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new PageGetByRoleOptions { Name = "Sync lag per day" }).GetByRole(AriaRole.Row, new LocatorGetByRoleOptions { Name = "2026-12-07 7 12 min 90 min 3 h", Exact = true })).ToBeVisibleAsync();
        await browser.ScreenshotAsync("charts-drawn");
        var chartViolations = await browser.SeriousAccessibilityViolationsAsync();

        Assert.Empty(reconciliationViolations);
        Assert.Empty(chartViolations);
        Assert.Empty(browser.Problems);
    }

    /// <summary>
    /// A metrics answer in the documented shape: 14 days of 7 posted and one rejected each, one failure and one report waiting on the last two
    /// days, lag on every day but the 3rd and 10th (so each of the two lag lines is drawn in three pieces), two reasons.
    /// </summary>
    private static string MetricsAnswer()
    {
        var first = new DateOnly(2026, 11, 24);
        var days = Enumerable.Range(0, 14).Select(i => new
        {
            date = first.AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            posted = 7,
            rejected = 1,
            failed = i >= 12 ? 1 : 0,
            awaitingResolution = i == 12 ? 1 : 0,
            lag = i is 2 or 9 ? null : new { count = 7, p50Minutes = 12.0, p90Minutes = 90.0, maxMinutes = 180.0 },
        });
        return System.Text.Json.JsonSerializer.Serialize(new
        {
            from = "2026-11-24",
            to = "2026-12-07",
            truncated = false,
            totals = new { posted = 98, rejected = 14, failed = 2, awaitingResolution = 1 },
            days,
            failureReasons = new[] { new { code = "amount-over-limit", count = 3 }, new { code = "erp-refused", count = 5 } },
        });
    }

    /// <summary>Sends sample 02 under a new id and waits until it waits for a person.</summary>
    private async Task<string> WaitingReportAsync()
    {
        var reportId = "CON-" + Guid.NewGuid().ToString("N")[..8];
        using var accepted = await e2e.DeliverAsync(EndToEndFixture.Sample("02-usd-nyc-client-visit.json", reportId));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await e2e.WaitForReportAsync(reportId, v => v.GetProperty("outcome").GetString() == "AwaitingResolution", Timeout, $"report {reportId} to wait");
        return reportId;
    }
}
