using FinanceFlow.Core.Enrichment;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Model;
using static FinanceFlow.Core.Tests.Reports;

namespace FinanceFlow.Core.Tests.Enrichment;

public sealed class ReportEnricherTests
{
    private static readonly DateOnly AccountingDate = Governed.AccountingDate;

    private static EnrichmentResult Enrich(ExpenseReport report, MasterDataSnapshot? masterData = null, MappingSnapshot? mappings = null, DateOnly? date = null) =>
        Governed.Enrich(report, masterData, mappings, date);

    private static JournalEntry OnlyJournal(EnrichmentResult result)
    {
        Assert.True(result.Succeeded, string.Join("; ", result.Findings.Select(f => $"{f.Code}: {f.Message}")));
        var batch = Assert.Single(result.Batches);
        return EntityJournalBuilder.Build(batch, "US01");
    }

    [Fact]
    public void Enrich_OneEntityInItsOwnCurrency_PostsMappedAccountsWithTheEmployeesDefaultCostCenter()
    {
        var journal = OnlyJournal(Enrich(Report(Line(gross: 50m))));

        Assert.Equal("FF-CONCUR-R-1001", journal.ExternalReference);
        Assert.Equal(("US01", "us01", "USD"), (journal.LegalEntity, journal.Ledger, journal.Currency));
        Assert.Collection(
            journal.Lines,
            l => Assert.Equal((AccountRole.Expense, "expenses:meals", 50m, 0m, "CC-SALES", (FxConversion?)null), (l.Role, l.Account, l.Debit, l.Credit, l.CostCenter, l.Fx)),
            l => Assert.Equal((AccountRole.EmployeePayable, "liabilities:employees:v-100", 0m, 50m), (l.Role, l.Account, l.Debit, l.Credit)));
        Assert.Equal(["account-roles US01 EmployeePayable v1", "expense-types US01 Meals v1"], journal.MappingVersions);
    }

    [Fact]
    public void Enrich_SourceTaxCode_TakesTheErpCodesDeductibleShareAndInputTaxAccount()
    {
        var journal = OnlyJournal(Enrich(Report(Line(gross: 120m, tax: 20m, deductiblePercent: 100m))));

        // US-VAT20 is at most 50 % deductible in US01, though the platform said 100: 10 of the 20 is reclaimed.
        Assert.Equal(110m, journal.Lines.Single(l => l.Role == AccountRole.Expense).Debit);
        var tax = journal.Lines.Single(l => l.Role == AccountRole.InputTax);
        Assert.Equal(("assets:vat:input", 10m), (tax.Account, tax.Debit));
        Assert.Contains("input tax US-VAT20 50%", tax.Memo, StringComparison.Ordinal);
        Assert.True(journal.IsBalanced);
    }

    [Fact]
    public void Enrich_LineReclaimingLessThanItsTaxCodeAllows_KeepsTheLowerShare()
    {
        var journal = OnlyJournal(Enrich(Report(Line(gross: 120m, tax: 20m, deductiblePercent: 0m))));

        Assert.DoesNotContain(journal.Lines, l => l.Role == AccountRole.InputTax);
        Assert.Equal(120m, journal.Lines.Single(l => l.Role == AccountRole.Expense).Debit);
    }

    [Fact]
    public void Enrich_MappedCostObject_ChargesTheErpCostCenter()
    {
        var journal = OnlyJournal(Enrich(Report(Line(gross: 80m, allocations: [Percent(100m, "SALES-EAST")]))));

        Assert.Equal("4100", journal.Lines.Single(l => l.Role == AccountRole.Expense).CostCenter);
        Assert.Contains("cost-objects US01 cost-center:SALES-EAST v1", journal.MappingVersions!);
    }

    [Fact]
    public void Enrich_LinesOfTwoEntities_GivesEachEntityABalancedJournalInItsLedgerAndCurrency()
    {
        var report = Report(Line("1", gross: 100m), Line("2", gross: 50m) with { LegalEntity = "DE01" });

        var result = Enrich(report);

        Assert.True(result.Succeeded);
        var journals = result.Batches.Select(b => EntityJournalBuilder.Build(b, report.LegalEntity)).ToList();
        Assert.Equal(["FF-CONCUR-R-1001", "FF-CONCUR-R-1001.DE01"], journals.Select(j => j.ExternalReference));
        Assert.Equal([null, "FF-CONCUR-R-1001-DE01"], journals.Select(j => j.PreviousReference));
        var us = journals[0];
        Assert.Equal(("us01", "USD", 100m), (us.Ledger, us.Currency, us.TotalDebit));
        var de = journals[1];
        Assert.Equal(("de01", "EUR"), (de.Ledger, de.Currency));

        // 50 USD at the ECB rate of the transaction date, 0.9157: 45.785 → 45.79 EUR.
        var expense = de.Lines.Single(l => l.Role == AccountRole.Expense);
        Assert.Equal(("aufwand:bewirtung", 45.79m), (expense.Account, expense.Debit));
        Assert.Equal(new FxConversion("USD", 50m, 0.9157m, new DateOnly(2026, 11, 18), "ECB"), expense.Fx);
        var payable = de.Lines.Single(l => l.Role == AccountRole.EmployeePayable);
        Assert.Equal(("verbindlichkeiten:mitarbeiter:k-7100", 45.79m), (payable.Account, payable.Credit));
        Assert.All(journals, j => Assert.True(j.IsBalanced));
    }

    [Fact]
    public void Build_EntitiesWithTheirPostingObjects_JournalCarriesItAndTheEmployeesErpVendor()
    {
        // US01 books vendor bills made out to the employee's vendor; DE01 leaves it to its ledger's Mode (no postingObject).
        var report = Report(Line("1", gross: 100m), Line("2", gross: 50m) with { LegalEntity = "DE01" });
        var masterData = Governed.MasterData(Governed.Us01 with { PostingObject = PostingObject.VendorBill }, Governed.De01);

        var journals = Enrich(report, masterData).Batches.Select(b => EntityJournalBuilder.Build(b, report.LegalEntity)).ToList();

        Assert.Equal([("US01", PostingObject.VendorBill, "V-100"), ("DE01", (PostingObject?)null, "K-7100")],
            journals.Select(j => (j.LegalEntity, j.PostingObject, j.EmployeeErpId!)));
        Assert.True(journals[0].AsksForVendorBill);
        Assert.False(journals[1].AsksForVendorBill);
    }

    [Fact]
    public void Enrich_LinesThatRoundApart_PostTheDifferenceToTheRoundingAccount()
    {
        var masterData = Governed.MasterData(Governed.Us01, Governed.De01 with { FxRateDate = FxRateDate.ApprovalDate });
        var report = Report(Line("1", gross: 33.33m), Line("2", gross: 33.33m), Line("3", gross: 33.33m)) with { LegalEntity = "DE01" };

        var journal = EntityJournalBuilder.Build(Assert.Single(Enrich(report, masterData).Batches), "DE01");

        // Each line: 33.33 × 0.92 = 30.6636 → 30.66, so 91.98 of expense; owed: 99.99 × 0.92 = 91.9908 → 91.99.
        Assert.Equal(91.98m, journal.Lines.Where(l => l.Role == AccountRole.Expense).Sum(l => l.Debit));
        Assert.Equal(91.99m, journal.Lines.Single(l => l.Role == AccountRole.EmployeePayable).Credit);
        var rounding = journal.Lines.Single(l => l.Role == AccountRole.Rounding);
        Assert.Equal(("aufwand:kursdifferenzen", 0.01m, 0m), (rounding.Account, rounding.Debit, rounding.Credit));
        Assert.True(journal.IsBalanced);
    }

    [Theory]
    [InlineData(FxRateDate.TransactionDate, "2026-11-20", "0.9157", "2026-11-18")]
    [InlineData(FxRateDate.ApprovalDate, "2026-11-20", "0.9200", "2026-11-20")]
    [InlineData(FxRateDate.PostingDate, "2026-11-19", "0.9157", "2026-11-18")]
    [InlineData(FxRateDate.PostingDate, "2026-11-25", "0.9200", "2026-11-20")]
    public void Enrich_RateDatePolicy_ConvertsWithTheRateOfThatDate(FxRateDate policy, string accountingDate, string rate, string rateDate)
    {
        var masterData = Governed.MasterData(Governed.De01 with { FxRateDate = policy });
        var report = Report(Line(gross: 100m)) with { LegalEntity = "DE01" };

        var batch = Assert.Single(Enrich(report, masterData, date: DateOnly.Parse(accountingDate, System.Globalization.CultureInfo.InvariantCulture)).Batches);

        var fx = Assert.Single(batch.Lines).Fx!;
        Assert.Equal((decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), rateDate), (fx.Rate, fx.RateDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Enrich_NoRateWithinTheAllowedAge_FindsTheMissingRateAndPostsNothing()
    {
        var masterData = Governed.MasterData(Governed.De01 with { FxRateDate = FxRateDate.PostingDate, FxRateMaxAgeDays = 3 });
        var report = Report(Line(gross: 100m)) with { LegalEntity = "DE01" };

        var result = Enrich(report, masterData, date: new DateOnly(2026, 11, 30));

        Assert.Empty(result.Batches);
        var finding = Assert.Single(result.Findings);
        Assert.Equal((EnrichmentCodes.FxRateMissing, "/lines/0"), (finding.Code, finding.Path));
        Assert.StartsWith("No USD→EUR rate in fx-rates for 2026-11-30 (posting date of line 1) or the 3 days before", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enrich_OnlyTheInversePairPublished_ConvertsWithItsReciprocal()
    {
        var set = Governed.Set() with { FxRates = [new FxRate { From = "EUR", To = "USD", Date = new DateOnly(2026, 11, 18), Rate = 1.0850m, RateSource = "ECB" }] };
        var report = Report(Line(gross: 100m)) with { LegalEntity = "DE01" };

        var batch = Assert.Single(Enrich(report, new MasterDataSnapshot(set)).Batches);

        Assert.Equal(new LineRate(0.9216589862m, new DateOnly(2026, 11, 18), "ECB (inverse)"), Assert.Single(batch.Lines).Fx);
        Assert.Equal(92.17m, EntityJournalBuilder.Build(batch, "DE01").Lines.Single(l => l.Role == AccountRole.Expense).Debit);
    }

    [Fact]
    public void Enrich_DocumentRateSource_ConvertsWithTheLinesOwnRate()
    {
        var masterData = Governed.MasterData(Governed.De01 with { FxRateSource = FxRateSource.Document });
        var report = Report(Line(gross: 50m) with { Original = new ForeignAmount(40m, "EUR", 1.25m) }) with { LegalEntity = "DE01" };

        var journal = EntityJournalBuilder.Build(Assert.Single(Enrich(report, masterData).Batches), "DE01");

        var expense = journal.Lines.Single(l => l.Role == AccountRole.Expense);
        Assert.Equal((40m, "document"), (expense.Debit, expense.Fx!.RateSource));
    }

    [Fact]
    public void Enrich_DocumentRateSourceWithoutARate_FindsTheMissingRateOnTheLine()
    {
        var masterData = Governed.MasterData(Governed.De01 with { FxRateSource = FxRateSource.Document });
        var report = Report(Line(gross: 50m)) with { LegalEntity = "DE01" };

        var finding = Assert.Single(Enrich(report, masterData).Findings);

        Assert.Equal((EnrichmentCodes.FxRateMissing, "/lines/0/original"), (finding.Code, finding.Path));
    }
}
