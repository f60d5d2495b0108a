using System.Globalization;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Postings;
using FinanceFlow.Infrastructure.Reconciliation;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Reconciliation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace FinanceFlow.Workflows.Tests.Reconciliation;

/// <summary>
/// The reconciliation runner as the hosts wire it, on a fresh Azurite and a real hledger-web: the default ledger and <c>us01</c>
/// share that hledger-web, <c>down</c> points at a port nobody listens on, and a posting names a ledger no longer configured.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LedgerReconciliationRunnerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 1, 30, 0, TimeSpan.Zero);
    private readonly AzuriteProcess _azurite = new();
    private readonly HledgerWebProcess _hledger = new();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(_azurite.InitializeAsync(), _hledger.InitializeAsync());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["FinanceFlow:Erp:Hledger:BaseUrl"] = _hledger.BaseUrl,
            ["FinanceFlow:Erp:Hledger:JournalPath"] = _hledger.JournalPath,
            ["FinanceFlow:Erp:Ledgers:us01:BaseUrl"] = _hledger.BaseUrl,
            ["FinanceFlow:Erp:Ledgers:us01:JournalPath"] = _hledger.JournalPath,
            ["FinanceFlow:Erp:Ledgers:down:BaseUrl"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Get()}"),
            ["FinanceFlow:Erp:Ledgers:down:TimeoutSeconds"] = "2",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(new SteppingTime(Now));
        services.AddFinanceFlowWorkflows(configuration);
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _hledger.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_LedgerDownAndLedgerGone_ReconcilesTheRestAndNamesBothWithoutFailing()
    {
        var us = await PostAsync("us01", "FF-CANONICAL-R-1", 87.50m);
        await RecordAsync(new PostingTarget("down", "EUR", 10m), "FF-CANONICAL-R-2");
        await RecordAsync(new PostingTarget("xx99", "CHF", 5m), "FF-CANONICAL-R-3");

        var report = await Runner().RunAsync("test", null, CancellationToken.None);

        Assert.Equal(ReconciliationReport.Differences, report.Outcome);
        var shared = Assert.Single(report.Ledgers, l => l.Ledger == "(default), us01");
        Assert.Equal((1, 1, 1), (shared.ErpTransactions, shared.RecordedPostings, shared.Matched));
        Assert.Empty(shared.Findings);
        var down = Assert.Single(Assert.Single(report.Ledgers, l => l.Ledger == "down").Findings);
        Assert.Equal((LedgerReconciliationRunner.LedgerUnreadable, ReconciliationCodes.Error), (down.Code, down.Severity));
        Assert.Contains("could not be read", down.Message, StringComparison.Ordinal);
        var gone = Assert.Single(report.Ledgers.SelectMany(l => l.Findings), f => f.Reference == "FF-CANONICAL-R-3");
        Assert.Equal(LedgerReconciliationRunner.LedgerNotConfigured, gone.Code);
        Assert.Contains("FinanceFlow:Erp:Ledgers:xx99", gone.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Ledgers.SelectMany(l => l.Findings), f => f.Reference == us);
    }

    [Fact]
    public async Task RunAsync_JournalNoLongerParses_IsALedgerFindingNamingHledgersComplaint()
    {
        await PostAsync("us01", "FF-CANONICAL-R-4", 20m);
        await File.AppendAllTextAsync(_hledger.JournalPath, "\n2026-11-26 (HAND-1) edited by hand, unbalanced\n    expenses:meals  USD 10.00\n    liabilities:employees:e100  USD -9.00\n");

        var report = await Runner().RunAsync("test", null, CancellationToken.None);

        var shared = Assert.Single(report.Ledgers, l => l.Ledger == "(default), us01");
        var finding = Assert.Single(shared.Findings);
        Assert.Equal(LedgerReconciliationRunner.LedgerUnreadable, finding.Code);
        Assert.Contains("could not balance", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ReportsOpenAndStuck_ListsThemWithTheirRetryAndLeavesRecentOnesAlone()
    {
        await StatusAsync("R-FAILED", ReportOutcome.PostingFailed, Now.AddHours(-5), "hledger-web answered 400");
        await StatusAsync("R-WAITING", ReportOutcome.AwaitingMasterData, Now.AddHours(-2), null, new Finding("expense-type-unmapped", "Expense type `Coworking` has no GL account"));
        await StatusAsync("R-STUCK", ReportOutcome.Pending, Now.AddMinutes(-61), null);
        await StatusAsync("R-RUNNING", ReportOutcome.Pending, Now.AddMinutes(-5), null);
        await StatusAsync("R-POSTED", ReportOutcome.Posted, Now.AddHours(-3), null);

        var report = await Runner().RunAsync("test", null, CancellationToken.None);

        Assert.Equal(
            [("posting-failed", "R-FAILED"), ("awaiting-master-data", "R-WAITING"), ("stuck", "R-STUCK")],
            report.OpenItems.Select(i => (i.Kind, i.ReportId)));
        Assert.All(report.OpenItems, i => Assert.Contains($"POST /api/v1/reports/canonical/{i.ReportId}/retry", i.Action, StringComparison.Ordinal));
        Assert.Contains("expense-type-unmapped", report.OpenItems[1].Reason, StringComparison.Ordinal);

        // Open reports are listed, not differences: the only finding is the ledger that is down.
        Assert.All(report.Ledgers.SelectMany(l => l.Findings), f => Assert.Equal("down", f.Ledger));
    }

    [Fact]
    public async Task RunAsync_Twice_KeepsBothRunsNewestFirstReadableBackAndAudited()
    {
        await PostAsync("us01", "FF-CANONICAL-R-9", 12.34m);

        var first = await Runner().RunAsync("schedule", null, CancellationToken.None);
        var second = await Runner().RunAsync("finance-ops@example.com", null, CancellationToken.None);

        var store = _services.GetRequiredService<ReconciliationStore>();
        var listed = await store.ListAsync(10, CancellationToken.None);
        Assert.Equal([second.RunId, first.RunId], listed.Select(r => r.RunId));
        Assert.Equal((1, 1), (listed[0].Matched, listed[0].Errors));
        var read = await store.GetAsync(first.RunId, CancellationToken.None);
        Assert.Equal((first.RunId, "schedule", 1), (read!.RunId, read.Trigger, read.Ledgers.Sum(l => l.Matched)));
        Assert.Null(await store.GetAsync("rec-never", CancellationToken.None));
        var trail = await _services.GetRequiredService<IAuditTrail>().ReadAsync(new ReportKey("reconciliation", "2026-11-27"), CancellationToken.None);
        Assert.Equal(["schedule", "finance-ops@example.com"], trail.Where(a => a.Step == "ReconcileLedgers").Select(a => a.Actor));
    }

    [Fact]
    public async Task ExceptionQueue_ReportsCardBatchesAndTheLastReconciliation_ListsEachWithWhatToDo()
    {
        await StatusAsync("R-FAILED", ReportOutcome.PostingFailed, Now.AddHours(-5), "hledger-web answered 400");
        await BatchAsync("B-WAIT", ReportOutcome.AwaitingMasterData, Now.AddHours(-4), new Finding("account-role-unmapped", "Account role CardClearing has no account for entity US01"));
        await BatchAsync("B-DUP", ReportOutcome.Rejected, Now.AddHours(-3), new Finding("card-transaction-duplicate", "Card transaction T9 is already booked by batch B-1."));
        await BatchAsync("B-DONE", ReportOutcome.Posted, Now.AddHours(-2));
        var run = await Runner().RunAsync("schedule", null, CancellationToken.None);
        var queue = _services.CreateScope().ServiceProvider.GetRequiredService<Operations.ExceptionQueue>();

        var body = await GetAsync(queue);

        Assert.Equal(
            [("posting-failed", "R-FAILED"), ("awaiting-master-data", "US01:B-WAIT"), ("rejected", "US01:B-DUP")],
            body.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("kind").GetString(), i.GetProperty("reportId").GetString())));
        Assert.Equal((1, 1, 1, 0), (Count(body, "posting-failed"), Count(body, "awaiting-master-data"), Count(body, "rejected"), Count(body, "stuck")));
        var waiting = body.GetProperty("items")[1];
        Assert.Contains("account-role-unmapped", waiting.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("send batch B-WAIT again", waiting.GetProperty("action").GetString(), StringComparison.Ordinal);
        Assert.Equal(run.RunId, body.GetProperty("lastReconciliation").GetProperty("runId").GetString());
        Assert.Equal(LedgerReconciliationRunner.LedgerUnreadable, Assert.Single(body.GetProperty("ledgerDifferences").EnumerateArray()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task RunAsync_PostingsInDoubt_RecordsTheOneTheLedgerHoldsAndListsTheOneItDoesNot()
    {
        var held = await PostAsync("us01", "FF-CANONICAL-R-20", 33.00m, inDoubt: true);
        await RecordAsync(new PostingTarget("us01", "USD", 8m), "FF-CANONICAL-R-21", inDoubt: true);

        var report = await Runner().RunAsync("test", null, CancellationToken.None);

        var findings = report.Ledgers.SelectMany(l => l.Findings).ToList();
        Assert.Equal(ReconciliationCodes.InDoubtInErp, Assert.Single(findings, f => f.Reference == held).Code);
        var absent = Assert.Single(findings, f => f.Reference == "FF-CANONICAL-R-21");
        Assert.Equal((ReconciliationCodes.InDoubtNotInErp, ReconciliationCodes.Warning), (absent.Code, absent.Severity));
        var postings = _services.GetRequiredService<IPostingStore>();
        Assert.Equal((PostingState.Posted, held), ((await postings.GetAsync(held, CancellationToken.None))!.State, (await postings.GetAsync(held, CancellationToken.None))!.DocumentNumber));
        Assert.Equal(PostingState.InDoubt, (await postings.GetAsync("FF-CANONICAL-R-21", CancellationToken.None))!.State);
    }

    [Fact]
    public async Task RunAsync_ReferenceEditedInTheLedger_FoundByEmployeeAmountAndDateAsReferenceLostNotRedriven()
    {
        // Arrange: a report posted for E100, recorded with its journal; then someone changes the transaction's code in the ERP.
        var reference = await PostAsync("us01", "FF-CANONICAL-R-30", 41.50m, employee: "E100");
        await _services.GetRequiredService<IReportStatusStore>().UpsertAsync(
            new ReportStatusRecord("canonical", "R-30", 1, "expense:canonical:R-30:v1", ReportStage.Completed, ReportOutcome.Posted, "E100", "Ana", "USD", 41.50m, reference, null, [],
                Now.AddHours(-1), Now.AddHours(-1), Documents: [new ErpDocument("US01", "us01", "USD", 41.50m, reference, reference, PostingDate: new DateOnly(2026, 11, 26))]),
            CancellationToken.None);
        var journal = await File.ReadAllTextAsync(_hledger.JournalPath);
        await File.WriteAllTextAsync(_hledger.JournalPath, journal.Replace($"({reference})", "(AP-7781)", StringComparison.Ordinal));

        // Act
        var report = await Runner().RunAsync("test", null, CancellationToken.None);

        // Assert: the three-way run finds it by E100, 41.50 USD, 2026-11-26 and does not post it again.
        var lost = Assert.Single(report.ThreeWay!.Findings, f => f.Reference == reference);
        Assert.Equal((ThreeWayClasses.ReferenceLost, false), (lost.Class, lost.Redrive));
        Assert.Contains("(under AP-7781)", lost.Message, StringComparison.Ordinal);
        Assert.Equal(1, report.ThreeWay.Counts[ThreeWayClasses.ReferenceLost]);
        Assert.Equal(0, report.ThreeWay.Counts[ThreeWayClasses.MissingInErp]);
    }

    [Fact]
    public async Task ExceptionQueue_ReportAndCardBatchInDoubt_ListedAsPostingInDoubtWithHowToSettleThem()
    {
        await StatusAsync("R-DOUBT", ReportOutcome.PostingInDoubt, Now.AddHours(-1), "In doubt: hledger-web did not answer within 10 s.");
        await BatchAsync("B-DOUBT", ReportOutcome.PostingInDoubt, Now.AddMinutes(-30));
        var queue = _services.CreateScope().ServiceProvider.GetRequiredService<Operations.ExceptionQueue>();

        var body = await GetAsync(queue, "posting-in-doubt");

        Assert.Equal(["R-DOUBT", "US01:B-DOUBT"], body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reportId").GetString()));
        Assert.Equal(2, Count(body, "posting-in-doubt"));
        var report = body.GetProperty("items")[0];
        Assert.Equal("In doubt: hledger-web did not answer within 10 s.", report.GetProperty("reason").GetString());
        Assert.Contains("POST /api/v1/reconciliations", report.GetProperty("action").GetString(), StringComparison.Ordinal);
        Assert.Contains("POST /api/v1/reports/canonical/R-DOUBT/retry settles it", report.GetProperty("action").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExceptionQueue_KindFilter_NarrowsTheItemsButCountsEveryKind()
    {
        await StatusAsync("R-FAILED", ReportOutcome.PostingFailed, Now.AddHours(-5), "hledger-web answered 400");
        await StatusAsync("R-WAITING", ReportOutcome.AwaitingMasterData, Now.AddHours(-2), null, new Finding("expense-type-unmapped", "no GL account"));
        var queue = _services.CreateScope().ServiceProvider.GetRequiredService<Operations.ExceptionQueue>();

        var waiting = await GetAsync(queue, "awaiting-master-data");

        Assert.Equal(["R-WAITING"], waiting.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reportId").GetString()));
        Assert.Equal(1, Count(waiting, "posting-failed"));
        Assert.True(waiting.GetProperty("lastReconciliation").ValueKind == System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task ExceptionQueue_DeadLetteredMessages_ListedUntilTheirReportRunsFromACorrectedOne()
    {
        var intake = _services.CreateScope().ServiceProvider.GetRequiredService<FinanceFlow.Workflows.Intake.Messaging.IIntakeMessageHandler>();
        var client = new Mock<Microsoft.DurableTask.Client.DurableTaskClient>("test").Object;
        var broken = await intake.HandleAsync(Message("{\"specversion\": \"1.0\", \"id\": ", "sb-broken"), client, CancellationToken.None);
        var invalid = SampleReports.CanonicalJson("R-SENT-WRONG").Replace("\"paymentType\": \"outOfPocket\",", string.Empty, StringComparison.Ordinal);
        var unknownSource = await intake.HandleAsync(Message(Tests.Intake.Messaging.IntakeMessages.Event(invalid, id: "e-1"), "sb-wrong"), client, CancellationToken.None);
        Assert.Equal((FinanceFlow.Workflows.Intake.Messaging.IntakeDisposition.DeadLetter, FinanceFlow.Workflows.Intake.Messaging.IntakeDisposition.DeadLetter), (broken.Disposition, unknownSource.Disposition));
        var queue = _services.CreateScope().ServiceProvider.GetRequiredService<Operations.ExceptionQueue>();

        var before = await GetAsync(queue, "dead-lettered");
        await StatusAsync("R-SENT-WRONG", ReportOutcome.Posted, Now, null);
        var after = await GetAsync(queue, "dead-lettered");

        var items = before.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var wrong = Assert.Single(items, i => i.GetProperty("reportId").GetString() == "R-SENT-WRONG");
        Assert.StartsWith("invalid-data: /data/lines/0/paymentType: is required", wrong.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("/platforms/acme-expenses", wrong.GetProperty("action").GetString(), StringComparison.Ordinal);
        Assert.Contains(items, i => i.GetProperty("reportId").GetString() == "(unidentified)" && i.GetProperty("reason").GetString()!.StartsWith("malformed-json", StringComparison.Ordinal));
        Assert.Equal(["(unidentified)"], after.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reportId").GetString()));
    }

    [Fact]
    public async Task ExceptionQueue_ReceiptsTheErpDidNotTake_ListedUntilARetryAttachesThem()
    {
        var trail = _services.GetRequiredService<IAuditTrail>();
        var kept = new ReportKey("canonical", "R-RECEIPTS");
        var fixedLater = new ReportKey("canonical", "R-FIXED");
        await trail.AppendAsync(new AuditRecord(kept, 1, Now.AddHours(-3), "AttachReceipts", "NotAttached", "canonical-webhook", "expense:canonical:R-RECEIPTS:v1", "aa",
            "document GJ00042: receipts not attached after 4 attempts: Business Central answered 503"), CancellationToken.None);
        await trail.AppendAsync(new AuditRecord(fixedLater, 1, Now.AddHours(-2), "AttachReceipts", "NotAttached", "canonical-webhook", "expense:canonical:R-FIXED:v1", "bb",
            "0 of 1 on document GJ00043; refused: scan.png: too large"), CancellationToken.None);
        await trail.AppendAsync(new AuditRecord(fixedLater, 1, Now.AddHours(-1), "AttachReceipts", "Attached", "ops@contoso.com", "expense:canonical:R-FIXED:v1", "bb",
            "1 of 1 on document GJ00043"), CancellationToken.None);
        var queue = _services.CreateScope().ServiceProvider.GetRequiredService<Operations.ExceptionQueue>();

        var body = await GetAsync(queue, "receipt-not-attached");

        var item = Assert.Single(body.GetProperty("items").EnumerateArray());
        Assert.Equal(("R-RECEIPTS", "Posted"), (item.GetProperty("reportId").GetString(), item.GetProperty("outcome").GetString()));
        Assert.Contains("Business Central answered 503", item.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("POST /api/v1/reports/canonical/R-RECEIPTS/retry", item.GetProperty("action").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, Count(body, "receipt-not-attached"));
    }

    private static FinanceFlow.Workflows.Intake.Messaging.IntakeMessage Message(string json, string messageId) =>
        new(messageId, System.Text.Encoding.UTF8.GetBytes(json), 1, Now.AddMinutes(-30), "servicebus");

    private static int Count(System.Text.Json.JsonElement body, string kind) => body.GetProperty("counts").GetProperty(kind).GetInt32();

    private static async Task<System.Text.Json.JsonElement> GetAsync(Operations.ExceptionQueue queue, string? kind = null) =>
        System.Text.Json.JsonSerializer.SerializeToElement(await queue.GetAsync(new Operations.ExceptionFilter(Kind: kind), CancellationToken.None), FinanceFlow.Core.Serialization.FinanceFlowJson.Options);

    private Task BatchAsync(string batchId, ReportOutcome outcome, DateTimeOffset updatedAt, params Finding[] findings) =>
        _services.GetRequiredService<FinanceFlow.Infrastructure.Cards.ICardBatchStore>().UpsertAsync(
            new FinanceFlow.Infrastructure.Cards.CardBatchRecord("US01", batchId, $"cards:US01:{batchId}", "AMEX Corporate", new DateOnly(2026, 11, 5), "USD", 2, 71.94m,
                outcome, $"FF-CARDS-US01-{batchId}", "us01", null, null, findings, updatedAt, updatedAt),
            CancellationToken.None);

    [Fact]
    public async Task RunAsync_CanonicalDeliveryKeptButNeverAdmitted_FoundInTheIntakeLogAndStartedOnceFromItsBytes()
    {
        // Arrange: storage went away between the raw copy and the status row: the delivery is kept, FinanceFlow has no record.
        var reportId = "R-LOG-" + Guid.NewGuid().ToString("N")[..8];
        var report = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "samples", "01-usd-team-lunch.json")))!;
        report["reportId"] = reportId;
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(report);
        var blob = await _services.GetRequiredService<IRawPayloadStore>().SaveAsync("canonical", "msg_kept", Now.AddHours(-3), BinaryData.FromBytes(body), CancellationToken.None);
        var client = new Mock<Microsoft.DurableTask.Client.DurableTaskClient>("test");
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<Microsoft.DurableTask.TaskName>(), It.IsAny<object?>(), It.IsAny<Microsoft.DurableTask.StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Microsoft.DurableTask.TaskName _, object? _, Microsoft.DurableTask.StartOrchestrationOptions? o, CancellationToken _) => o!.InstanceId!);

        // Act
        var first = await Runner().RunAsync("test", client.Object, CancellationToken.None);
        var second = await Runner().RunAsync("test", null, CancellationToken.None);

        // Assert: found as missing, started once from the kept bytes under its version's instance id; the next run knows it.
        var missing = Assert.Single(first.ThreeWay!.Findings, f => f.DocumentId == reportId);
        Assert.Equal((ThreeWayClasses.MissingInFinanceFlow, true), (missing.Class, missing.Redrive));
        Assert.Contains(first.ThreeWay.Redriven, l => l.StartsWith($"canonical/{reportId}: started as expense:canonical:{reportId}:v1", StringComparison.Ordinal));
        client.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<Microsoft.DurableTask.TaskName>(), It.IsAny<object?>(), It.Is<Microsoft.DurableTask.StartOrchestrationOptions?>(o => o!.InstanceId == $"expense:canonical:{reportId}:v1"), It.IsAny<CancellationToken>()),
            Times.Once);
        var row = await _services.GetRequiredService<IReportStatusStore>().GetAsync(new ReportKey("canonical", reportId), CancellationToken.None);
        Assert.Equal((ReportOutcome.Pending, blob), (row!.Outcome, row.RawBlobName));
        Assert.DoesNotContain(second.ThreeWay!.Findings, f => f.DocumentId == reportId && f.Class == ThreeWayClasses.MissingInFinanceFlow);
    }

    private LedgerReconciliationRunner Runner() => _services.CreateScope().ServiceProvider.GetRequiredService<LedgerReconciliationRunner>();

    /// <summary>Posts a journal to the shared hledger-web and records it as the poster does (or as in doubt, its answer lost).</summary>
    private async Task<string> PostAsync(string ledger, string reference, decimal amount, bool inDoubt = false, string? employee = null)
    {
        var entry = new JournalEntry(reference, "US01", new DateOnly(2026, 11, 26), "USD", "Team lunch",
        [
            new JournalLine(AccountRole.Expense, "expenses:meals", amount, 0m, Memo: "lunch"),
            new JournalLine(AccountRole.EmployeePayable, "liabilities:employees:e100", 0m, amount, Memo: "owed"),
        ],
        Employee: employee);
        var result = await _services.GetRequiredService<IErpLedgers>().For(ledger).PostAsync(entry, CancellationToken.None);
        Assert.True(result.Accepted, result.Reason);
        await RecordAsync(new PostingTarget(ledger, "USD", amount), reference, inDoubt);
        return reference;
    }

    private async Task RecordAsync(PostingTarget target, string reference, bool inDoubt = false)
    {
        var postings = _services.GetRequiredService<IPostingStore>();
        var claim = await postings.ClaimAsync(reference, "hash", "hledger", target, "expense:test:v1", TimeSpan.FromSeconds(30), CancellationToken.None);
        await postings.SettleAsync(
            reference, claim.Record.Generation, inDoubt ? PostingState.InDoubt : PostingState.Posted, inDoubt ? null : reference, inDoubt ? "connection reset" : null, CancellationToken.None);
    }

    private Task StatusAsync(string reportId, ReportOutcome outcome, DateTimeOffset updatedAt, string? reason, params Finding[] findings) =>
        _services.GetRequiredService<IReportStatusStore>().UpsertAsync(
            new ReportStatusRecord("canonical", reportId, 1, $"expense:canonical:{reportId}:v1", outcome == ReportOutcome.Pending ? ReportStage.Posting : ReportStage.Completed, outcome,
                "E100", "Ana", "USD", 10m, null, reason, findings, updatedAt, updatedAt),
            CancellationToken.None);

    /// <summary>A clock that moves one second each time it is read, so two runs never start at the same instant.</summary>
    private sealed class SteppingTime(DateTimeOffset start) : TimeProvider
    {
        private long _reads;

        public override DateTimeOffset GetUtcNow() => start.AddSeconds(Interlocked.Increment(ref _reads));
    }
}
