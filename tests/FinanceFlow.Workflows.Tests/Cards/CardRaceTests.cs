using Azure.Storage.Blobs;
using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using FinanceFlow.Infrastructure.Audit;
using FinanceFlow.Infrastructure.Cards;
using FinanceFlow.Infrastructure.Storage;
using FinanceFlow.Testing;
using FinanceFlow.Workflows.Audit;
using FinanceFlow.Workflows.Cards;
using FinanceFlow.Workflows.MasterData;
using FinanceFlow.Workflows.ReportPipeline;
using Moq;

namespace FinanceFlow.Workflows.Tests.Cards;

/// <summary>
/// A report naming card transaction T9 and the batch holding it (T9 41.94, T10 30.00) run in every order, and at the same moment,
/// through the card and journal activities on a real Azurite: the issuer liability (CardPayable credits) is always the
/// statement's 71.94, card clearing keeps only T10 (waiting for its report), and nothing is audited as a Conflict.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CardRaceTests : IClassFixture<AzuriteProcess>
{
    private const decimal Statement = 71.94m;
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly InterleavingTables _tables;
    private readonly TableAuditTrail _audit;
    private readonly BlobRawPayloadStore _blobs;
    private readonly CardMatchActivities _matches;
    private readonly CardBatchActivities _batches;
    private readonly JournalActivities _journals;
    private readonly TableCardTransactionStore _transactions;

    public CardRaceTests(AzuriteProcess azurite)
    {
        _tables = new InterleavingTables(azurite.ConnectionString);
        var time = new FixedTime(Now);
        var transactions = _transactions = new TableCardTransactionStore(_tables);
        _audit = new TableAuditTrail(_tables);
        _blobs = new BlobRawPayloadStore(new BlobServiceClient(azurite.ConnectionString));
        var audit = new StepAudit(_audit, time);
        var accounts = new StaticOptions<AccountMap>(new AccountMap());
        _matches = new CardMatchActivities(transactions, audit, time);
        _batches = new CardBatchActivities(
            _blobs, transactions, new TableCardBatchStore(_tables), Mock.Of<IMasterDataSource>(), new StaticOptions<MasterDataOptions>(new()), accounts, audit, time);
        _journals = new JournalActivities(accounts, audit);
    }

    [Fact]
    public async Task BuildCardJournal_AfterTheReportMatched_LeavesTheReportsTransactionOut()
    {
        var (report, batch) = await NewRunAsync();

        await report.MatchAsync();
        await batch.RecordAsync();
        await batch.BuildAsync();

        await AssertLiabilityCountsOnceAsync(report, batch, reportCreditsPayable: true);
    }

    [Fact]
    public async Task MatchCardTransactions_AfterTheBatchJournalWasBuilt_ClearsTheTransaction()
    {
        var (report, batch) = await NewRunAsync();

        await batch.RecordAsync();
        await batch.BuildAsync();
        await report.MatchAsync();

        await AssertLiabilityCountsOnceAsync(report, batch, reportCreditsPayable: false);
    }

    [Fact]
    public async Task MatchCardTransactions_BetweenTheBatchsRecordAndItsJournal_ClaimsTheTransactionAndTheBatchLeavesItOut()
    {
        var (report, batch) = await NewRunAsync();

        await batch.RecordAsync();
        await report.MatchAsync();
        await batch.BuildAsync();

        await AssertLiabilityCountsOnceAsync(report, batch, reportCreditsPayable: true);
    }

    [Fact]
    public async Task BuildCardJournal_ReportClaimsWhileTheJournalIsSealed_BuildsItAgainWithoutTheTransaction()
    {
        var (report, batch) = await NewRunAsync();
        await batch.RecordAsync();

        // The batch has listed its rows and built a journal with T9 in it; the report claims T9 before the batch seals it.
        _tables.After(report.T9, report.MatchAsync);
        await batch.BuildAsync();

        Assert.True(_tables.Refused >= 1, "the batch's seal of T9 was to meet the report's claim");
        await AssertLiabilityCountsOnceAsync(report, batch, reportCreditsPayable: true);
    }

    [Fact]
    public async Task MatchCardTransactions_BatchRecordsAndBuildsBetweenTheReportsReadAndItsClaim_ClearsTheTransaction()
    {
        var (report, batch) = await NewRunAsync();

        // The report read no T9 and is about to claim it: the batch records T9 and builds (seals) its journal first.
        _tables.After(report.T9, async () =>
        {
            await batch.RecordAsync();
            await batch.BuildAsync();
        }, reads: 2);
        await report.MatchAsync();

        Assert.True(_tables.Refused >= 1, "the report's claim of T9 was to meet the batch's row");
        await AssertLiabilityCountsOnceAsync(report, batch, reportCreditsPayable: false);
    }

    [Fact]
    public async Task ReportAndBatch_AtTheSameMomentManyTimes_LiabilityAlwaysCountsOnce()
    {
        for (var i = 0; i < 15; i++)
        {
            var (report, batch) = await NewRunAsync();

            await Task.WhenAll(
                Task.Run(report.MatchAsync),
                Task.Run(async () =>
                {
                    await batch.RecordAsync();
                    await batch.BuildAsync();
                }));

            await AssertLiabilityCountsOnceAsync(report, batch, reportCreditsPayable: null);
        }
    }

    [Fact]
    public async Task TwoReportsNamingTheSameTransaction_AtTheSameMomentManyTimes_OneClearsItTheOtherIsRefused()
    {
        for (var i = 0; i < 15; i++)
        {
            var (first, batch) = await NewRunAsync();
            await batch.RecordAsync();
            await batch.BuildAsync();
            var second = first.Twin("R2-" + first.Run);

            await Task.WhenAll(Task.Run(first.MatchAsync), Task.Run(second.MatchAsync));

            var results = new[] { first.Cards!, second.Cards! };
            Assert.Single(results, r => r.ClearedIds.Contains(first.T9));
            var refused = Assert.Single(results, r => r.Findings.Any(f => f.Code == CardMatching.MatchedElsewhere && f.Severity == FindingSeverity.Error));
            Assert.Empty(refused.Cleared);
        }
    }

    [Fact]
    public async Task MatchCardTransactions_AnotherReportReservesBetweenTheReadAndTheReservation_RefusesThisReport()
    {
        var (first, batch) = await NewRunAsync();
        await batch.RecordAsync();
        await batch.BuildAsync();
        var second = first.Twin("R2-" + first.Run);

        // The first report read T9 free and is about to reserve it: the second report matches (reserves) it first.
        _tables.After(first.T9, second.MatchAsync, reads: 2);
        await first.MatchAsync();

        Assert.True(_tables.Refused >= 1, "the first report's reservation of T9 was to meet the second's");
        Assert.Equal([first.T9], second.Cards!.ClearedIds);
        Assert.Empty(first.Cards!.Cleared);
        Assert.Contains($"is being cleared by report {second.Key}", Assert.Single(first.Cards.Findings, f => f.Code == CardMatching.MatchedElsewhere).Message, StringComparison.Ordinal);
        var row = await _transactions.GetAsync("US01", first.T9, CancellationToken.None);
        Assert.Equal((CardMatchState.Clearing, second.Key.ToString()), (row!.State, row.MatchedReport));
    }

    [Fact]
    public async Task MatchCardTransactions_RefusedAfterReserving_GivesItsOtherTransactionBackForAnotherReport()
    {
        var (first, batch) = await NewRunAsync();
        await batch.RecordAsync();
        await batch.BuildAsync();
        var both = first.Twin("R-BOTH-" + first.Run, (first.T9, 41.94m), (first.T10, 30.00m));

        // The report naming T9 and T10 has reserved T9 and is about to reserve T10 when a report naming T10 alone takes it: the
        // two-line report is refused, and must not keep T9 from the report that clears it next.
        var tenOnly = first.Twin("R-T10-" + first.Run, (first.T10, 30.00m));
        _tables.After(first.T10, tenOnly.MatchAsync, reads: 2);
        await both.MatchAsync();
        await first.MatchAsync();

        Assert.Empty(both.Cards!.Cleared);
        Assert.Contains(both.Cards.Findings, f => f.Code == CardMatching.MatchedElsewhere);
        Assert.Equal([first.T10], tenOnly.Cards!.ClearedIds);
        Assert.Equal([first.T9], first.Cards!.ClearedIds);
        var trail = await _audit.ReadAsync(both.Key, CancellationToken.None);
        Assert.Contains(trail, a => a.Step == nameof(CardMatchActivities.MatchCardTransactions) && a.Outcome == "Conflict" && a.Detail!.Contains($"released {first.T9}", StringComparison.Ordinal));
    }

    /// <summary>Both journals post, both runs mark what they booked; then what finance would check in the ledger and the audit.</summary>
    /// <param name="reportCreditsPayable">Which side books T9's liability in this order; null when the race decides.</param>
    private async Task AssertLiabilityCountsOnceAsync(ReportRun report, BatchRun batch, bool? reportCreditsPayable)
    {
        var reportEntry = Assert.Single((await report.JournalAsync()).Entries);
        var batchEntry = batch.Journal!.Entry!;
        await report.PostedAsync();
        await batch.PostedAsync();

        var payable = reportEntry.Lines.Concat(batchEntry.Lines).Where(l => l.Role == AccountRole.CardPayable).Sum(l => l.Credit - l.Debit);
        var clearing = reportEntry.Lines.Concat(batchEntry.Lines).Where(l => l.Role == AccountRole.CardClearing).Sum(l => l.Debit - l.Credit);
        Assert.Equal(Statement, payable);
        Assert.Equal(30.00m, clearing);
        var reportCredited = reportEntry.Lines.Any(l => l.Role == AccountRole.CardPayable);
        Assert.Equal(reportCredited, batch.Journal.LeftOut.Contains(report.T9));
        if (reportCreditsPayable is { } expected)
        {
            Assert.Equal(expected, reportCredited);
        }

        var trails = (await _audit.ReadAsync(report.Key, CancellationToken.None)).Concat(await _audit.ReadAsync(batch.Key, CancellationToken.None)).ToList();
        Assert.Contains(trails, a => a.Step == nameof(CardBatchActivities.MarkCardBatchPosted));
        Assert.Contains(trails, a => a.Step == nameof(CardMatchActivities.MarkCardTransactionsMatched));
        Assert.DoesNotContain(trails, a => a.Outcome == "Conflict");
    }

    /// <summary>A report and a batch of one test run: the report names T9-{run}, the batch holds T9-{run} and T10-{run}.</summary>
    private async Task<(ReportRun Report, BatchRun Batch)> NewRunAsync()
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var batchId = "B-" + run;
        var json = $$"""
            { "batchId": "{{batchId}}", "legalEntity": "US01", "cardProgram": "AMEX Corporate", "statementDate": "2026-11-05", "currency": "USD",
              "transactions": [ { "transactionId": "T9-{{run}}", "employeeId": "E100", "postedDate": "2026-11-02", "merchant": "Blue Bottle Café", "amount": 41.94 },
                                { "transactionId": "T10-{{run}}", "employeeId": "E100", "postedDate": "2026-11-03", "merchant": "Yellow Cab", "amount": 30.00 } ] }
            """;
        var blob = await _blobs.SaveAsync("cards", "msg-" + batchId, Now, BinaryData.FromString(json), CancellationToken.None);
        var key = CardBatch.KeyOf("US01", batchId);
        var batch = new CardBatchRequest(new StepContext(key.Source, key.ReportId, 1, $"cards:US01:{batchId}", "/feeds/amex"), blob, Now);
        return (new ReportRun(this, run), new BatchRun(this, batchId, batch));
    }

    /// <summary>The report's card steps, as ProcessExpenseReport runs them: match (and claim), build its journal, mark after posting.</summary>
    /// <param name="reportId">R-{run} unless given.</param>
    /// <param name="lines">The company-card lines (transaction id, amount); T9-{run} of 41.94 unless given.</param>
    private sealed class ReportRun(CardRaceTests test, string run, string? reportId = null, params (string Id, decimal Amount)[] lines)
    {
        public string Run => run;

        public string T9 => "T9-" + run;

        public string T10 => "T10-" + run;

        public ReportKey Key => Report.Key;

        /// <summary>What matching decided, once <see cref="MatchAsync"/> ran.</summary>
        public CardMatchResult? Cards { get; private set; }

        private ExpenseReport Report { get; } = SampleReports.Dinner(reportId ?? "R-" + run) with
        {
            Title = "Coffee with a client",
            TotalAmount = lines.Length == 0 ? 41.94m : lines.Sum(l => l.Amount),
            Lines = [.. (lines.Length == 0 ? [("T9-" + run, 41.94m)] : lines).Select((l, i) => new ExpenseLine(
                (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "Meals", new DateOnly(2026, 11, 2), "Blue Bottle Café", PaymentType.CompanyCard,
                l.Amount, 0m, l.Amount, null, 100m, null, null, [], CardTransactionId: l.Id))],
        };

        private StepContext Step => new(Report.Source, Report.ReportId, 1, "canonical:" + Report.ReportId, "test");

        /// <summary>Another report of the same run (same transactions unless <paramref name="otherLines"/> are given).</summary>
        public ReportRun Twin(string otherReportId, params (string Id, decimal Amount)[] otherLines) => new(test, run, otherReportId, otherLines);

        public async Task MatchAsync() => Cards = await test._matches.MatchCardTransactions(new CardMatchRequest(Step, Report), CancellationToken.None);

        public Task<JournalResult> JournalAsync() =>
            test._journals.BuildJournal(new JournalRequest(Step, Report, ClearedCardTransactions: Cards!.ClearedIds), CancellationToken.None);

        public Task PostedAsync() => test._matches.MarkCardTransactionsMatched(new CardMatchedRequest(Step, Cards!.Cleared, Cards.Reported), CancellationToken.None);
    }

    /// <summary>The batch's steps, as ProcessCardBatch runs them: record, build its journal, mark it posted.</summary>
    private sealed class BatchRun(CardRaceTests test, string batchId, CardBatchRequest request)
    {
        public ReportKey Key => CardBatch.KeyOf("US01", batchId);

        public CardJournalResult? Journal { get; private set; }

        public Task RecordAsync() => test._batches.RecordCardTransactions(request, CancellationToken.None);

        public async Task BuildAsync() => Journal = await test._batches.BuildCardJournal(request, CancellationToken.None);

        public Task PostedAsync() =>
            test._batches.MarkCardBatchPosted(new CardBatchPostedRequest(request.Step, "US01", batchId, "DOC-" + batchId, Journal!.LeftOut), CancellationToken.None);
    }
}
