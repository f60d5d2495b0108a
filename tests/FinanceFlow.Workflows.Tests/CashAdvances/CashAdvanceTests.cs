using System.Text.Json.Nodes;
using FinanceFlow.Connectors.Concur;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using FinanceFlow.Emulators.Concur;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.CashAdvances;
using FinanceFlow.Workflows.Posting;
using FinanceFlow.Workflows.ReportPipeline;
using FinanceFlow.Workflows.Sources;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;

namespace FinanceFlow.Workflows.Tests.CashAdvances;

/// <summary>Cash advances from Concur: the issuance as a report of its own, its application clearing it, and the wait for an issuance the ledger lacks.</summary>
public sealed class CashAdvanceTests
{
    private const string AdvanceId = "FE884EE31617CF4CABE36C7FC44512A1";
    private const string Blob = "concur/2026/11/26/doc-EXP-1.json";
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly StepContext Step = new("concur", "D0719B539ED64FE612AB", 1, "expense:concur:D0719B539ED64FE612AB:v1", "concur-webhook");

    private readonly Mock<IRawPayloadStore> _raw = new();
    private readonly Mock<IReportStatusStore> _statuses = new();
    private readonly Mock<IAuditTrail> _audit = new();
    private readonly List<AuditRecord> _auditRows = [];

    public CashAdvanceTests()
    {
        _audit.Setup(a => a.AppendAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>()))
            .Callback<AuditRecord, CancellationToken>((r, _) => _auditRows.Add(r)).Returns(Task.CompletedTask);
    }

    [Fact]
    public void Read_CashAdvanceDocument_IsTheIssuanceReportAndDebitsTheClearingAccountAgainstTheEmployee()
    {
        var read = Adapter().Read(BinaryData.FromString(CashAdvancePage()).ToMemory());

        var report = Assert.IsType<ExpenseReport>(read.Report);
        Assert.Equal(($"cashadvance-{AdvanceId}", 150m, "USD", "12345ID"), (report.ReportId, report.TotalAmount, report.Currency, report.Employee.Id));
        Assert.Equal(new DateOnly(2018, 3, 6), report.AccountingDate);
        var journal = Assert.IsType<JournalEntry>(read.Journal);
        Assert.Equal($"FF-CONCUR-cashadvance-{AdvanceId}", journal.ExternalReference);
        Assert.Equal(
            [(AccountRole.CashAdvanceClearing, 150m, 0m), (AccountRole.EmployeePayable, 0m, 150m)],
            journal.Lines.Select(l => (l.Role, l.Debit, l.Credit)));
    }

    [Fact]
    public void Read_ExpenseApplyingAnAdvance_CreditsTheClearingAccountAndReducesWhatTheEmployeeIsOwed()
    {
        var plain = Adapter().Read(BinaryData.FromString(ExpenseWithoutAdvances()).ToMemory()).Journal!;

        var applied = Adapter().Read(BinaryData.FromString(ExpenseApplying(-100m)).ToMemory()).Journal!;

        var clearing = Assert.Single(applied.Lines, l => l.Role == AccountRole.CashAdvanceClearing);
        Assert.Equal((0m, 100m), (clearing.Debit, clearing.Credit));
        Assert.Equal(Owed(plain) - 100m, Owed(applied));
        Assert.True(applied.IsBalanced);
        Assert.True(CashAdvanceCheck.Applies(SampleReports.Dinner() with { Source = "concur" }, applied));
        Assert.False(CashAdvanceCheck.Applies(SampleReports.Dinner() with { Source = "concur" }, plain));
    }

    [Fact]
    public async Task CheckPolicy_CashAdvanceAboveTheReceiptThreshold_NeedsNoReceiptButAClaimDoes()
    {
        var advance = Adapter().Read(BinaryData.FromString(CashAdvancePage()).ToMemory()).Report!;
        var activities = new ReportActivities(_raw.Object, [], TestOptions.FinanceFlow(), new StepAudit(_audit.Object, new FixedTime(Now)));

        var forAdvance = await activities.CheckPolicy(new PolicyRequest(Step, advance, new DateOnly(2026, 11, 26)), CancellationToken.None);
        var forClaim = await activities.CheckPolicy(new PolicyRequest(Step, advance with { ReportId = "R-150" }, new DateOnly(2026, 11, 26)), CancellationToken.None);

        Assert.Empty(forAdvance);
        Assert.Contains(forClaim, f => f.Code == "receipt-required");
    }

    [Theory]
    [InlineData(ReportOutcome.Posted, false)]
    [InlineData(ReportOutcome.Paid, false)]
    [InlineData(ReportOutcome.Pending, true)]
    [InlineData(ReportOutcome.PostingFailed, true)]
    public async Task CheckAdvancesIssued_IssuanceInTheStatusStore_PassesOnlyWhenPosted(ReportOutcome issuance, bool waits)
    {
        _raw.Setup(r => r.ReadAsync(Blob, It.IsAny<CancellationToken>())).ReturnsAsync(BinaryData.FromString(ExpenseApplying(-100m)));
        _statuses.Setup(s => s.GetAsync(new ReportKey("concur", $"cashadvance-{AdvanceId}"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ReportStatusRecord("concur", $"cashadvance-{AdvanceId}", 1, "i", ReportStage.Completed, issuance, "12345ID", null, "USD", 150m, null, null, [], Now, Now));

        var findings = await Check();

        Assert.Equal(waits, findings.Count == 1);
        Assert.Equal(waits ? "Unresolved" : "Passed", Assert.Single(_auditRows).Outcome);
    }

    [Fact]
    public async Task CheckAdvancesIssued_AdvanceFinanceFlowNeverReceived_NamesItAndHowTheReportGoesOn()
    {
        _raw.Setup(r => r.ReadAsync(Blob, It.IsAny<CancellationToken>())).ReturnsAsync(BinaryData.FromString(ExpenseApplying(-100m)));

        var finding = Assert.Single(await Check());

        Assert.Equal((CashAdvanceActivities.NotIssued, "/cashAdvanceApplication/0/cashAdvanceId", FindingSeverity.Error), (finding.Code, finding.Path, finding.Severity));
        Assert.Contains(AdvanceId, finding.Message, StringComparison.Ordinal);
        Assert.Contains("has not received its issuance", finding.Message, StringComparison.Ordinal);
        Assert.Contains("retry", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AdvanceNotIssued_WaitsAsAwaitingMasterDataBeforePolicyAndPosting()
    {
        var (context, calls) = Orchestration(ExpenseApplying(-100m), [new Finding(CashAdvanceActivities.NotIssued, "not issued")]);

        var result = await ProcessExpenseReport.RunAsync(context, Input);

        Assert.Equal(ReportOutcome.AwaitingMasterData, result.Outcome);
        Assert.Contains(result.Findings, f => f.Code == CashAdvanceActivities.NotIssued);
        Assert.Equal(["NormalizeReport", "EnrichReport", "CheckAdvancesIssued", "RecordStatus", "NotifySource", "RecordOutcome"], calls);
    }

    [Fact]
    public async Task RunAsync_AdvanceIssued_PostsTheReport()
    {
        var (context, calls) = Orchestration(ExpenseApplying(-100m), []);

        var result = await ProcessExpenseReport.RunAsync(context, Input);

        Assert.Equal(ReportOutcome.Posted, result.Outcome);
        Assert.Equal(["NormalizeReport", "EnrichReport", "CheckAdvancesIssued", "CheckPolicy", "StoreAttachments", "BuildJournal", "PostToErp", "RecordStatus", "NotifySource", "RecordOutcome"], calls);
    }

    [Fact]
    public async Task RunAsync_ReportApplyingNoAdvance_RunsNoCashAdvanceCheck()
    {
        var (context, calls) = Orchestration(ExpenseWithoutAdvances(), []);

        await ProcessExpenseReport.RunAsync(context, Input);

        Assert.DoesNotContain("CheckAdvancesIssued", calls);
    }

    private static readonly ProcessReportInput Input = new(
        "concur", "D0719B539ED64FE612AB", 1, Blob, "msg_1", Now, "concur-webhook", new PostingRetryPlan(3, 1, 2, 10));

    private static ConcurDocumentAdapter Adapter() =>
        new(new StaticOptions<ConcurPostingOptions>(new()), new StaticOptions<AccountMap>(new AccountMap()), new FixedTime(Now));

    private static decimal Owed(JournalEntry journal) =>
        journal.Lines.Where(l => l.Role == AccountRole.EmployeePayable).Sum(l => l.Credit - l.Debit);

    /// <summary>The FIS page of the reference cash-advance document.</summary>
    private static string CashAdvancePage() => new JsonObject
    {
        ["content"] = new JsonArray(new JsonObject
        {
            ["id"] = "CA-FIS-1",
            ["docType"] = "cashadvance",
            ["document"] = JsonNode.Parse(ConcurFisPayloads.Fis("concur-fis-v4-document-cashadvance.json")),
        }),
    }.ToJsonString();

    /// <summary>The reference expense document applying <paramref name="amount"/> of the reference advance (negative, as the reference document sends its -50).</summary>
    private static string ExpenseApplying(decimal amount) => WithApplications(new JsonArray(new JsonObject
    {
        ["cashAdvanceId"] = AdvanceId,
        ["cashAdvanceApplicationAmount"] = amount,
        ["cashAdvanceTransactionType"] = 2,
    }));

    /// <summary>The reference expense document without the advance it applies.</summary>
    private static string ExpenseWithoutAdvances() => WithApplications([]);

    private static string WithApplications(JsonArray applications)
    {
        var page = JsonNode.Parse(ConcurFisPayloads.ExpensePage("EXP-1"))!;
        page["content"]![0]!["document"]!["cashAdvanceApplication"] = applications;
        return page.ToJsonString();
    }

    private Task<IReadOnlyList<Finding>> Check() =>
        new CashAdvanceActivities(new CashAdvanceIssuance(_raw.Object, _statuses.Object), new StepAudit(_audit.Object, new FixedTime(Now)))
            .CheckAdvancesIssued(new CashAdvanceCheckRequest(Step, Blob), CancellationToken.None);

    /// <summary>A mocked orchestration context whose activities answer as the document <paramref name="page"/> reads and the check says.</summary>
    private static (TaskOrchestrationContext Context, List<string> Calls) Orchestration(string page, IReadOnlyList<Finding> check)
    {
        var context = new Mock<TaskOrchestrationContext>();
        var calls = new List<string>();
        context.SetupGet(c => c.InstanceId).Returns(Step.CorrelationId);
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(Now.UtcDateTime);
        context.Protected().SetupGet<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        context.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(NullLogger.Instance);
        ActivityPrepareSteps.Route(context);
        var read = Adapter().Read(BinaryData.FromString(page).ToMemory());

        void Returns<T>(string activity, T value) =>
            context.Setup(c => c.CallActivityAsync<T>(It.Is<TaskName>(n => n.Name == activity), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
                .Callback<TaskName, object?, TaskOptions?>((name, _, _) => calls.Add(name.Name))
                .ReturnsAsync(value);

        Returns(nameof(ReportActivities.NormalizeReport), new NormalizeResult(read.Report, [], read.Journal));
        Returns(nameof(EnrichmentActivities.EnrichReport), new EnrichResult([], [], Governed: false));
        Returns(nameof(CashAdvanceActivities.CheckAdvancesIssued), check);
        Returns<IReadOnlyList<Finding>>(nameof(ReportActivities.CheckPolicy), []);
        Returns(nameof(AttachmentActivities.StoreAttachments), new AttachmentsResult([], []));
        Returns(nameof(JournalActivities.BuildJournal), new JournalResult([read.Journal!], []));
        Returns(nameof(ErpActivities.PostToErp), new PostingOutcome(true, "GL-1", null, false));
        Returns(nameof(OutcomeActivities.RecordStatus), true);
        Returns(nameof(OutcomeActivities.NotifySource), "Delivered");
        Returns(nameof(OutcomeActivities.RecordOutcome), true);
        return (context.Object, calls);
    }
}
