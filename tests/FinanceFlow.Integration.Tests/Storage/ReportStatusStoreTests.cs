using Azure.Data.Tables;
using FinanceFlow.Core.Model;
using FinanceFlow.Infrastructure.Status;
using FinanceFlow.Testing;

namespace FinanceFlow.Integration.Tests.Storage;

[Trait("Category", "Integration")]
public sealed class ReportStatusStoreTests(AzuriteProcess azurite) : IClassFixture<AzuriteProcess>
{
    private readonly TableReportStatusStore _store = new(new TableServiceClient(azurite.ConnectionString));

    [Fact]
    public async Task UpsertAsync_OlderVersionAfterNewer_KeepsNewerVersion()
    {
        // Arrange
        var id = "RPT-" + Guid.NewGuid().ToString("N")[..8];
        await _store.UpsertAsync(Status(id, 2, ReportOutcome.Posted, "DOC-2"), CancellationToken.None);

        // Act
        await _store.UpsertAsync(Status(id, 1, ReportOutcome.Rejected, null), CancellationToken.None);
        var row = await _store.GetAsync(new ReportKey("concur", id), CancellationToken.None);

        // Assert
        Assert.NotNull(row);
        Assert.Equal(2, row.Version);
        Assert.Equal(ReportOutcome.Posted, row.Outcome);
        Assert.Equal("DOC-2", row.ErpDocumentNumber);
    }

    [Fact]
    public async Task UpsertAsync_SameVersionLaterStage_ReplacesRowWithFindingsAndAmount()
    {
        // Arrange
        var id = "odd id/with#chars?" + Guid.NewGuid().ToString("N")[..8];
        await _store.UpsertAsync(Status(id, 1, ReportOutcome.Pending, null), CancellationToken.None);
        var rejected = Status(id, 1, ReportOutcome.Rejected, null) with
        {
            Stage = ReportStage.Completed,
            Findings = [new Finding("receipt-missing", "Line 2 needs a receipt", "/lines/1", FindingSeverity.Error)],
            FailureReason = "policy",
        };

        // Act
        await _store.UpsertAsync(rejected, CancellationToken.None);
        var row = await _store.GetAsync(new ReportKey("concur", id), CancellationToken.None);

        // Assert
        Assert.NotNull(row);
        Assert.Equal(id, row.ReportId);
        Assert.Equal(ReportStage.Completed, row.Stage);
        Assert.Equal(ReportOutcome.Rejected, row.Outcome);
        Assert.Equal(1234.56m, row.TotalAmount);
        Assert.Equal(rejected.Findings, row.Findings);
    }

    [Fact]
    public async Task UpsertAsync_IntakeRowThenOutcomeInOneProcess_OneWriteEachAndNoRead()
    {
        // Arrange
        var requests = new RequestLog();
        var store = new TableReportStatusStore(PrefixedTables.Counted(azurite.ConnectionString, requests));
        await store.GetAsync(new ReportKey("concur", "table-created"), CancellationToken.None);
        var id = "ONE-" + Guid.NewGuid().ToString("N")[..8];

        // Act
        var before = requests.Count;
        await store.UpsertAsync(Status(id, 1, ReportOutcome.Pending, null) with { LegalEntity = "US01" }, CancellationToken.None);
        await store.UpsertAsync(Status(id, 1, ReportOutcome.Posted, "DOC-1") with { Stage = ReportStage.Completed }, CancellationToken.None);
        var row = await store.GetAsync(new ReportKey("concur", id), CancellationToken.None);

        // Assert: the outcome write kept what only the intake knew.
        Assert.Equal(["POST", "PUT"], requests.Methods.Skip(before).Take(2));
        Assert.Equal((ReportOutcome.Posted, "DOC-1", "US01"), (row!.Outcome, row.ErpDocumentNumber, row.LegalEntity));
    }

    [Fact]
    public async Task UpsertAsync_RowAnotherProcessChangedSinceThisOneWroteIt_ReadsItAndKeepsTheNewerVersion()
    {
        // Arrange: process A wrote version 1; process B then wrote version 2.
        var tables = new TableServiceClient(azurite.ConnectionString);
        var processA = new TableReportStatusStore(tables);
        var id = "TWO-" + Guid.NewGuid().ToString("N")[..8];
        await processA.UpsertAsync(Status(id, 1, ReportOutcome.Pending, null), CancellationToken.None);
        await new TableReportStatusStore(tables).UpsertAsync(Status(id, 2, ReportOutcome.Pending, null), CancellationToken.None);

        // Act: A's late outcome of version 1 goes on what it remembers, finds the row changed, and reads it.
        await processA.UpsertAsync(Status(id, 1, ReportOutcome.Posted, "DOC-1"), CancellationToken.None);
        var row = await processA.GetAsync(new ReportKey("concur", id), CancellationToken.None);

        // Assert
        Assert.Equal((2, ReportOutcome.Pending, (string?)null), (row!.Version, row.Outcome, row.ErpDocumentNumber));
    }

    [Fact]
    public async Task UpsertAsync_ManyVersionsConcurrently_EndsWithHighestVersion()
    {
        // Arrange
        var id = "RPT-" + Guid.NewGuid().ToString("N")[..8];

        // Act
        await Task.WhenAll(Enumerable.Range(1, 10).Select(v => _store.UpsertAsync(Status(id, v, ReportOutcome.Pending, null), CancellationToken.None)));
        var row = await _store.GetAsync(new ReportKey("concur", id), CancellationToken.None);

        // Assert
        Assert.Equal(10, row?.Version);
    }

    [Fact]
    public async Task UpsertAsync_PaymentRecorded_ReadsBackPaidAtAmountAndReference()
    {
        // Arrange
        var id = "RPT-" + Guid.NewGuid().ToString("N")[..8];
        var posted = Status(id, 1, ReportOutcome.Posted, "DOC-1");
        await _store.UpsertAsync(posted, CancellationToken.None);
        var paidAt = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

        // Act
        await _store.UpsertAsync(posted with { PaidAt = paidAt, PaidAmount = 1234.56m, PaymentReference = "US01/667799/2026/2" }, CancellationToken.None);
        var row = await _store.GetAsync(new ReportKey("concur", id), CancellationToken.None);

        // Assert
        Assert.Equal((paidAt, 1234.56m, "US01/667799/2026/2"), (row?.PaidAt, row?.PaidAmount, row?.PaymentReference));
        Assert.Equal("DOC-1", row?.ErpDocumentNumber);
    }

    [Fact]
    public async Task GetAsync_UnknownReport_ReturnsNull()
    {
        Assert.Null(await _store.GetAsync(new ReportKey("concur", "never-seen"), CancellationToken.None));
    }

    [Fact]
    public async Task ListChangedSinceAsync_ReturnsRowsChangedInTheWindowAndOpenOnesOnly()
    {
        // Arrange
        var run = Guid.NewGuid().ToString("N")[..8];
        var since = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);
        await _store.UpsertAsync(Status("old-posted-" + run, 1, ReportOutcome.Posted, "D1") with { UpdatedAt = since.AddDays(-3) }, CancellationToken.None);
        await _store.UpsertAsync(Status("old-failed-" + run, 1, ReportOutcome.PostingFailed, null) with { UpdatedAt = since.AddDays(-3) }, CancellationToken.None);
        await _store.UpsertAsync(Status("new-posted-" + run, 1, ReportOutcome.Posted, "D2") with { UpdatedAt = since.AddHours(2) }, CancellationToken.None);
        await _store.UpsertAsync(Status("edge-" + run, 1, ReportOutcome.Posted, "D3") with { UpdatedAt = since }, CancellationToken.None);

        // Act
        var rows = await _store.ListChangedSinceAsync(since, [ReportOutcome.PostingFailed, ReportOutcome.Pending], CancellationToken.None);

        // Assert
        Assert.Equal(
            ["edge-" + run, "new-posted-" + run, "old-failed-" + run],
            rows.Select(r => r.ReportId).Where(id => id.EndsWith(run, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UpsertAsync_ApprovalAndPostingTimes_AreKeptByLaterWritesOfTheVersionThatDoNotKnowThem()
    {
        // Arrange: intake knows when the source approved it; the run's final write knows when it was posted; a later write neither.
        var id = "RPT-" + Guid.NewGuid().ToString("N")[..8];
        var approved = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        var posted = approved.AddMinutes(42);
        await _store.UpsertAsync(Status(id, 1, ReportOutcome.Pending, null) with { ApprovedAt = approved }, CancellationToken.None);
        await _store.UpsertAsync(Status(id, 1, ReportOutcome.Posted, "DOC-1") with { PostedAt = posted }, CancellationToken.None);

        // Act: a retry that only attached receipts records Posted again, later; then a payment.
        await _store.UpsertAsync(Status(id, 1, ReportOutcome.Posted, "DOC-1") with { PostedAt = posted.AddHours(5) }, CancellationToken.None);
        await _store.RecordPaymentAsync(new ReportKey("concur", id), 1234.56m, posted.AddDays(3), "PAY-1", posted.AddDays(3), CancellationToken.None);
        var row = await _store.GetAsync(new ReportKey("concur", id), CancellationToken.None);

        // Assert
        Assert.Equal((approved, posted), (row?.ApprovedAt, row?.PostedAt));
    }

    [Fact]
    public async Task UpsertAsync_NewVersion_StartsWithItsOwnApprovalAndNoPosting()
    {
        var id = "RPT-" + Guid.NewGuid().ToString("N")[..8];
        var approved = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        await _store.UpsertAsync(Status(id, 1, ReportOutcome.Posted, "DOC-1") with { ApprovedAt = approved, PostedAt = approved.AddHours(1) }, CancellationToken.None);

        await _store.UpsertAsync(Status(id, 2, ReportOutcome.Pending, null) with { ApprovedAt = approved.AddDays(2) }, CancellationToken.None);
        var row = await _store.GetAsync(new ReportKey("concur", id), CancellationToken.None);

        Assert.Equal((approved.AddDays(2), (DateTimeOffset?)null), (row?.ApprovedAt, row?.PostedAt));
    }

    [Fact]
    public async Task ListChangedSinceAsync_Bounded_ReadsAtMostTheBoundAndSaysMoreMatched()
    {
        // Arrange: rows changed in a window no other case of this class writes to.
        var run = Guid.NewGuid().ToString("N")[..8];
        var since = new DateTimeOffset(2090, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await _store.UpsertAsync(Status("before-" + run, 1, ReportOutcome.Posted, "D0") with { UpdatedAt = since.AddSeconds(-1) }, CancellationToken.None);
        for (var i = 1; i <= 3; i++)
        {
            await _store.UpsertAsync(Status($"in-{i}-" + run, 1, ReportOutcome.Posted, "D" + i) with { UpdatedAt = since.AddHours(i) }, CancellationToken.None);
        }

        // Act
        var bounded = await _store.ListChangedSinceAsync(since, 2, CancellationToken.None);
        var all = await _store.ListChangedSinceAsync(since, 3, CancellationToken.None);

        // Assert
        Assert.Equal((2, true), (bounded.Rows.Count, bounded.Truncated));
        Assert.Equal((3, false), (all.Rows.Count, all.Truncated));
        Assert.Equal(["in-1-" + run, "in-2-" + run, "in-3-" + run], all.Rows.Select(r => r.ReportId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RecordResolutionAsync_UnknownOpenDecidedOrOtherException_RecordsOnlyTheFirstDecisionOfTheOpenOne()
    {
        // Arrange: a report waiting on exception "run:1"
        var id = "RPT-" + Guid.NewGuid().ToString("N")[..8];
        var key = new ReportKey("concur", id);
        var opened = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
        var open = new OpenException("run:1", opened, opened.AddDays(4), opened.AddDays(5), []);
        await _store.UpsertAsync(Status(id, 1, ReportOutcome.AwaitingResolution, null) with { Exception = open }, CancellationToken.None);
        var approve = new ExceptionResolution("run:1", "approve-override", "client dinner agreed", "controller@example.com", opened.AddHours(2));

        // Act
        var unknown = await _store.RecordResolutionAsync(new ReportKey("concur", id + "-none"), approve, CancellationToken.None);
        var otherRound = await _store.RecordResolutionAsync(key, approve with { ExceptionId = "run:0" }, CancellationToken.None);
        var first = await _store.RecordResolutionAsync(key, approve, CancellationToken.None);
        var second = await _store.RecordResolutionAsync(key, approve with { Action = "reject", Resolver = "other@example.com" }, CancellationToken.None);
        var row = await _store.GetAsync(key, CancellationToken.None);

        // Assert
        Assert.Equal((ResolutionRecording.NotFound, (ReportStatusRecord?)null), unknown);
        Assert.Equal(ResolutionRecording.NotOpen, otherRound.Status);
        Assert.Equal(ResolutionRecording.Recorded, first.Status);
        Assert.Equal(ResolutionRecording.AlreadyDecided, second.Status);
        Assert.Equal(approve, row?.Exception?.Resolution);
    }

    private static ReportStatusRecord Status(string id, int version, ReportOutcome outcome, string? document) => new(
        "concur", id, version, $"expense:concur:{id}:v{version}", ReportStage.Posting, outcome, "E-1", "Ada Lovelace", "USD", 1234.56m,
        document, null, [], DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow);
}
