using System.Text;
using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Enrichment;
using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Tests.Enrichment;
using static FinanceFlow.Core.Tests.Reports;

namespace FinanceFlow.Core.Tests.Cards;

public sealed class CardFeedRulesTests
{
    private const string BatchJson = """
        { "batchId": "B-1", "legalEntity": "US01", "cardProgram": "AMEX Corporate", "statementDate": "2026-11-25", "currency": "USD",
          "transactions": [ { "transactionId": "T1", "employeeId": "E100", "postedDate": "2026-11-20", "merchant": "Blue Bottle", "amount": 45.50 } ] }
        """;

    private static CardBatch Batch => CardBatchReader.Read(Encoding.UTF8.GetBytes(BatchJson)).Batch!;

    [Fact]
    public void Read_ValidBatch_ReadsAmountsExactly()
    {
        var batch = Batch;

        Assert.Equal(("B-1", "US01", new DateOnly(2026, 11, 25), 45.50m), (batch.BatchId, batch.LegalEntity, batch.StatementDate, Assert.Single(batch.Transactions).Amount));
        Assert.Equal(new ReportKey("cards", "US01:B-1"), batch.Key);
    }

    [Theory]
    [InlineData("\"batchId\": \"B-1\",", "\"batchId\": \"B 1\",", "/batchId")]
    [InlineData("\"merchant\": \"Blue Bottle\",", "\"merchant\": \"Blue Bottle\", \"mcc\": 5812,", "/transactions/0/mcc")]
    [InlineData("\"employeeId\": \"E100\", ", "", "/transactions/0/employeeId")]
    public void Read_BadBatch_PointsAtTheField(string find, string replace, string pointer)
    {
        var result = CardBatchReader.Read(Encoding.UTF8.GetBytes(BatchJson.Replace(find, replace, StringComparison.Ordinal)));

        Assert.Null(result.Batch);
        Assert.Contains(result.Errors, e => e.Pointer == pointer);
    }

    [Fact]
    public void Match_BookedUnknownAndElsewhere_ClearsOnlyTheBookedOneAndSaysWhyNotTheOthers()
    {
        var report = Report(
            Line("1", 45.50m, payment: PaymentType.CompanyCard) with { CardTransactionId = "T1" },
            Line("2", 10.00m, payment: PaymentType.CompanyCard) with { CardTransactionId = "T-LATER" },
            Line("3", 30.00m, payment: PaymentType.CompanyCard) with { CardTransactionId = "T2" });
        var known = new Dictionary<CardTransactionRef, CardTransactionRecord>
        {
            [new("US01", "T1")] = Stored("T1", 45.50m),
            [new("US01", "T2")] = Stored("T2", 30.00m) with { State = CardMatchState.Matched, MatchedReport = "canonical/R-OTHER" },
        };

        var result = CardMatching.Match(report, known);

        Assert.Equal([new CardTransactionRef("US01", "T1")], result.Cleared);
        Assert.Contains(result.Findings, f => f is { Code: CardMatching.Unknown, Severity: FindingSeverity.Warning, Path: "/lines/1/cardTransactionId" });
        Assert.Contains(result.Findings, f => f is { Code: CardMatching.MatchedElsewhere, Severity: FindingSeverity.Error, Path: "/lines/2/cardTransactionId" });
    }

    [Fact]
    public void Match_UnknownOrNotPostedTransaction_IsReportedBeforeTheFeedWithWhatTheReportBooks()
    {
        var report = Report(
            Line("1", 41.94m, payment: PaymentType.CompanyCard) with { CardTransactionId = "T9" },
            Line("2", 30.00m, payment: PaymentType.CompanyCard) with { CardTransactionId = "T2" });
        var known = new Dictionary<CardTransactionRef, CardTransactionRecord> { [new("US01", "T2")] = Stored("T2", 30.00m) with { BatchDocument = null } };

        var result = CardMatching.Match(report, known);

        Assert.Empty(result.Cleared);
        Assert.Equal([("T9", 41.94m), ("T2", 30.00m)], result.Reported.Select(r => (r.Transaction.TransactionId, r.Amount)));
        Assert.All(result.Reported, r => Assert.Equal((report.Currency, report.Employee.Id), (r.Currency, r.EmployeeId)));
    }

    [Fact]
    public void Match_TransactionThisReportBookedBeforeTheFeed_StaysOnTheCardPayableAndAnotherReportIsRejected()
    {
        var report = Report(Line("1", 41.94m, payment: PaymentType.CompanyCard) with { CardTransactionId = "T9" });
        var booked = Stored("T9", 41.94m) with
        {
            State = CardMatchState.Matched,
            BatchDocument = null,
            MatchedReport = report.Key.ToString(),
            ReportedAmount = 41.94m,
            ReportedCurrency = "USD",
        };
        var known = new Dictionary<CardTransactionRef, CardTransactionRecord> { [new("US01", "T9")] = booked };

        var again = CardMatching.Match(report, known);
        var other = CardMatching.Match(report, new Dictionary<CardTransactionRef, CardTransactionRecord>
        {
            [new("US01", "T9")] = booked with { State = CardMatchState.ReportedBeforeFeed, MatchedReport = "canonical/R-OTHER" },
        });

        Assert.Empty(again.Cleared);
        Assert.Equal(CardMatching.ReportedBeforeFeed, Assert.Single(again.Findings).Code);
        Assert.Equal("T9", Assert.Single(again.Reported).Transaction.TransactionId);
        Assert.Equal(CardMatching.MatchedElsewhere, Assert.Single(other.Findings).Code);
        Assert.Empty(other.Reported);
    }

    [Fact]
    public void Match_TransactionAlreadyMatchedToThisReport_ClearsItAgain()
    {
        var report = Report(Line("1", 45.50m, payment: PaymentType.CompanyCard) with { CardTransactionId = "T1" });
        var known = new Dictionary<CardTransactionRef, CardTransactionRecord>
        {
            [new("US01", "T1")] = Stored("T1", 45.50m) with { State = CardMatchState.Matched, MatchedReport = report.Key.ToString() },
        };

        Assert.Equal(["T1"], CardMatching.Match(report, known).ClearedIds);
    }

    [Fact]
    public void Match_BatchNotPostedOrAmountDiffers_WarnsAndClearsOnlyWhatIsInTheLedger()
    {
        var report = Report(
            Line("1", 40.00m, payment: PaymentType.CompanyCard) with { CardTransactionId = "T1" },
            Line("2", 30.00m, payment: PaymentType.CompanyCard) with { CardTransactionId = "T2" });
        var known = new Dictionary<CardTransactionRef, CardTransactionRecord>
        {
            [new("US01", "T1")] = Stored("T1", 45.50m),
            [new("US01", "T2")] = Stored("T2", 30.00m) with { BatchDocument = null },
        };

        var result = CardMatching.Match(report, known);

        Assert.Equal(["T1"], result.ClearedIds);
        Assert.Contains(result.Findings, f => f.Code == CardMatching.AmountDiffers && f.Message.Contains("card clearing keeps 5.50", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.Code == CardMatching.NotPosted);
        Assert.All(result.Findings, f => Assert.Equal(FindingSeverity.Warning, f.Severity));
    }

    [Fact]
    public void Match_BatchJournalBuiltButNotPostedYet_ClearsItBecauseTheBatchBooksTheLiability()
    {
        var report = Report(Line("1", 45.50m, payment: PaymentType.CompanyCard) with { CardTransactionId = "T1" });
        var known = new Dictionary<CardTransactionRef, CardTransactionRecord>
        {
            [new("US01", "T1")] = Stored("T1", 45.50m) with { BatchDocument = null, BatchJournal = "FF-CARDS-US01-B-1" },
        };

        var result = CardMatching.Match(report, known);

        Assert.Equal(["T1"], result.ClearedIds);
        Assert.Empty(result.Reported);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Govern_MappedEntity_PostsToItsLedgerWithItsCardAccounts()
    {
        var (target, findings) = CardPostingGovernance.Resolve(Batch, MasterData(), Governed.Mappings(ClearingRule()));

        Assert.Empty(findings);
        Assert.Equal(("us01", "assets:card-clearing", "liabilities:card"), (target!.Ledger,
            target.Accounts.Resolve(Journal.AccountRole.CardClearing, null, "E100"), target.Accounts.Resolve(Journal.AccountRole.CardPayable, null, "E100")));
        Assert.Contains("account-roles US01 CardClearing v1", target.MappingVersions);
    }

    [Fact]
    public void Govern_BatchNotInTheFunctionalCurrency_HoldsItAndSaysWhatFinanceShouldDo()
    {
        var (target, findings) = CardPostingGovernance.Resolve(Batch with { Currency = "EUR" }, MasterData(), Governed.Mappings(ClearingRule()));

        Assert.Null(target);
        var finding = Assert.Single(findings);
        Assert.Equal((EnrichmentCodes.CurrencyNotEnabled, "/currency", FindingSeverity.Error), (finding.Code, finding.Path, finding.Severity));
        Assert.Contains("PUT /api/v1/masterdata/legal-entities", finding.Message, StringComparison.Ordinal);
        Assert.Contains("should bill in USD", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Govern_CardClearingUnmapped_FindingNamesTheMapping()
    {
        var (target, findings) = CardPostingGovernance.Resolve(Batch, MasterData(), Governed.Mappings());

        Assert.Null(target);
        var finding = Assert.Single(findings);
        Assert.Equal(EnrichmentCodes.AccountRoleUnmapped, finding.Code);
        Assert.Contains("account-roles mapping CardClearing", finding.Message, StringComparison.Ordinal);
    }

    private static CardTransactionRecord Stored(string id, decimal amount) =>
        new("US01", id, "B-1", "E100", new DateOnly(2026, 11, 20), "Blue Bottle", amount, "USD", CardMatchState.Unmatched, "FF-CARDS-US01-B-1", null, null);

    private static MappingRule ClearingRule() => Governed.Rule(MappingKind.AccountRoles, "US01", "CardClearing", "assets:card-clearing");

    private static Core.MasterData.MasterDataSnapshot MasterData()
    {
        var set = Governed.Set();
        return new(set with { GlAccounts = [.. set.GlAccounts, new() { Entity = "US01", Account = "assets:card-clearing" }] });
    }
}
