using FinanceFlow.Core.Cards;
using FinanceFlow.Core.Enrichment;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Posting;
using FinanceFlow.Core.Tests.Enrichment;
using static FinanceFlow.Core.Tests.Reports;

namespace FinanceFlow.Core.Tests.Cards;

public sealed class CardJournalTests
{
    private static readonly CardBatch Batch = new("B-1", "US01", "AMEX Corporate", new DateOnly(2026, 11, 25), "USD",
    [
        new CardTransaction("T1", "E100", new DateOnly(2026, 11, 20), "Blue Bottle", 45.50m),
        new CardTransaction("T2", "E100", new DateOnly(2026, 11, 21), "Taxi", 30.00m),
        new CardTransaction("T3", "E200", new DateOnly(2026, 11, 22), "Refund Hotel", -10.00m),
    ]);

    [Fact]
    public void Build_Batch_DebitsCardClearingPerTransactionAndCreditsTheIssuerTheStatementTotal()
    {
        var entry = CardJournal.Build(Batch, new AccountMap(), Batch.StatementDate);

        Assert.True(entry.IsBalanced);
        Assert.Empty(JournalValidation.Validate(entry));
        Assert.Equal(("FF-CARDS-US01-B-1", new DateOnly(2026, 11, 25), "USD"), (entry.ExternalReference, entry.AccountingDate, entry.Currency));
        Assert.Equal(
            [
                new JournalLine(AccountRole.CardClearing, "assets:card-clearing", 45.50m, 0m, Memo: "Card T1 | employee E100 | Blue Bottle"),
                new JournalLine(AccountRole.CardClearing, "assets:card-clearing", 30.00m, 0m, Memo: "Card T2 | employee E100 | Taxi"),
                new JournalLine(AccountRole.CardClearing, "assets:card-clearing", 0m, 10.00m, Memo: "Card T3 | employee E200 | Refund Hotel"),
                new JournalLine(AccountRole.CardPayable, "liabilities:card", 0m, 65.50m, Memo: "AMEX Corporate statement 2026-11-25, 3 transaction(s)"),
            ],
            entry.Lines);
    }

    [Fact]
    public void Build_TransactionAReportBookedBeforeTheFeed_IsLeftOutAndTheJournalBalancesOnTheOthers()
    {
        var reported = Stored("T1", 45.50m);

        var settlement = CardBatchSettlement.For(Batch, [reported, Stored("T2", null)]);
        var entry = CardJournal.Build(settlement.ToBook, new AccountMap(), Batch.StatementDate);

        Assert.Equal([reported], settlement.BookedByReports);
        Assert.Empty(settlement.Findings);
        Assert.True(entry.IsBalanced);
        Assert.Empty(JournalValidation.Validate(entry));
        Assert.DoesNotContain(entry.Lines, l => l.Memo!.Contains("T1", StringComparison.Ordinal));
        Assert.Equal([30.00m, -10.00m], entry.Lines.Where(l => l.Role == AccountRole.CardClearing).Select(l => l.Debit - l.Credit));
        Assert.Equal(20.00m, Assert.Single(entry.Lines, l => l.Role == AccountRole.CardPayable).Credit);
    }

    [Fact]
    public void Settle_ReportBookedAnotherAmount_LeavesItOutAndWarnsNamingBothAmounts()
    {
        var settlement = CardBatchSettlement.For(Batch, [Stored("T2", 28.00m)]);

        Assert.Equal(["T1", "T3"], settlement.ToBook.Transactions.Select(t => t.TransactionId));
        var finding = Assert.Single(settlement.Findings);
        Assert.Equal((CardBatchSettlement.ReportedAmountDiffers, FindingSeverity.Warning, "/transactions/1/amount"), (finding.Code, finding.Severity, finding.Path));
        Assert.Contains("30.00 USD on the statement", finding.Message, StringComparison.Ordinal);
        Assert.Contains("credited 28.00 USD", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settle_ReportsBookedEveryTransaction_NothingToBookAndSaysSo()
    {
        var settlement = CardBatchSettlement.For(Batch, [Stored("T1", 45.50m), Stored("T2", 30.00m), Stored("T3", -10.00m)]);

        Assert.Empty(settlement.ToBook.Transactions);
        Assert.Equal(3, settlement.BookedByReports.Count);
        Assert.Equal(CardBatchSettlement.NothingToPost, Assert.Single(settlement.Findings).Code);
    }

    [Fact]
    public void BuildJournal_CardLineWhoseTransactionIsBooked_CreditsCardClearingWithWhatTheBatchDebited()
    {
        var card = Line("1", 45.50m, payment: PaymentType.CompanyCard) with { CardTransactionId = "T1" };
        var report = Report(card, Line("2", 20.00m));
        var batch = CardJournal.Build(Batch, new AccountMap(), Batch.StatementDate);

        var entry = PostingRules.BuildJournal(report, new AccountMap(), new DateOnly(2026, 11, 26), ["T1"]);

        Assert.True(entry.IsBalanced);
        var clearing = Assert.Single(entry.Lines, l => l.Role == AccountRole.CardClearing);
        Assert.Equal(("assets:card-clearing", 45.50m, "Card transaction T1 cleared, Ada Lovelace (E100)"), (clearing.Account, clearing.Credit, clearing.Memo));
        Assert.DoesNotContain(entry.Lines, l => l.Role == AccountRole.CardPayable);
        Assert.Equal(batch.Lines.Single(l => l.Memo!.StartsWith("Card T1", StringComparison.Ordinal)).Debit, clearing.Credit);
    }

    [Fact]
    public void BuildJournal_CardLineWhoseTransactionIsNotBooked_KeepsCreditingTheCardPayable()
    {
        var card = Line("1", 45.50m, payment: PaymentType.CompanyCard) with { CardTransactionId = "T9" };

        var entry = PostingRules.BuildJournal(Report(card), new AccountMap(), new DateOnly(2026, 11, 26), ["T1"]);

        Assert.True(entry.IsBalanced);
        Assert.Equal(45.50m, Assert.Single(entry.Lines, l => l.Role == AccountRole.CardPayable).Credit);
        Assert.DoesNotContain(entry.Lines, l => l.Role == AccountRole.CardClearing);
    }

    [Fact]
    public void BuildJournal_TwoLinesOfOneTransactionAndOneWithout_ClearsTheirSumOnceAndOwesTheRestToTheIssuer()
    {
        var room = Line("1", 200.00m, payment: PaymentType.CompanyCard) with { CardTransactionId = "H1" };
        var tax = Line("2", 25.00m, payment: PaymentType.CompanyCard) with { CardTransactionId = "H1" };
        var other = Line("3", 12.00m, payment: PaymentType.CompanyCard);

        var entry = PostingRules.BuildJournal(Report(room, tax, other), new AccountMap(), new DateOnly(2026, 11, 26), ["H1"]);

        Assert.True(entry.IsBalanced);
        Assert.Equal(225.00m, Assert.Single(entry.Lines, l => l.Role == AccountRole.CardClearing).Credit);
        Assert.Equal(12.00m, Assert.Single(entry.Lines, l => l.Role == AccountRole.CardPayable).Credit);
    }

    [Fact]
    public void EntityJournalBuilder_ConvertedCardLineNamingABookedTransaction_CreditsCardClearingInTheFunctionalCurrency()
    {
        var card = Line("1", 100.00m, payment: PaymentType.CompanyCard) with { CardTransactionId = "T1", LegalEntity = "DE01" };
        var report = Report(card);
        var mappings = Governed.Mappings(
            Governed.Rule(MappingKind.AccountRoles, "DE01", "CardPayable", "verbindlichkeiten:karte"),
            Governed.Rule(MappingKind.AccountRoles, "DE01", "CardClearing", "forderungen:kartenverrechnung"));
        var set = Governed.Set();
        set = set with { GlAccounts = [.. set.GlAccounts, new() { Entity = "DE01", Account = "verbindlichkeiten:karte" }, new() { Entity = "DE01", Account = "forderungen:kartenverrechnung" }] };
        var enriched = Governed.Enrich(report, new Core.MasterData.MasterDataSnapshot(set), mappings);
        Assert.True(enriched.Succeeded, string.Join("; ", enriched.Findings.Select(f => f.Message)));

        var entry = EntityJournalBuilder.Build(Assert.Single(enriched.Batches), "US01", ["T1"]);

        Assert.True(entry.IsBalanced);
        var clearing = Assert.Single(entry.Lines, l => l.Role == AccountRole.CardClearing);
        Assert.Equal(("forderungen:kartenverrechnung", 91.57m, "USD"), (clearing.Account, clearing.Credit, clearing.Fx!.From));

        // The journal names the employee as the report does (the reconciliation's fallback match), not as the ERP's master data does.
        Assert.Equal(report.Employee.Id, entry.Employee);
    }

    [Fact]
    public void Enrich_CardLineNamingATransactionWithoutCardClearingMapping_FindsTheUnmappedRole()
    {
        var card = Line("1", 45.50m, payment: PaymentType.CompanyCard) with { CardTransactionId = "T1" };

        var result = Governed.Enrich(Report(card));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Findings, f => f.Code == EnrichmentCodes.AccountRoleUnmapped && f.Message.Contains("CardClearing", StringComparison.Ordinal));
    }

    private static CardTransactionRecord Stored(string id, decimal? reported)
    {
        var t = Batch.Transactions.Single(t => t.TransactionId == id);
        return new("US01", id, "B-1", t.EmployeeId, t.PostedDate, t.Merchant, t.Amount, "USD",
            reported is null ? CardMatchState.Unmatched : CardMatchState.ReportedBeforeFeed, null, reported is null ? null : "canonical/R-1", null, reported, reported is null ? null : "USD");
    }
}
