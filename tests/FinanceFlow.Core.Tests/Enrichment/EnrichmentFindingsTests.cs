using FinanceFlow.Core.Enrichment;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Mappings;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Model;
using static FinanceFlow.Core.Tests.Reports;

namespace FinanceFlow.Core.Tests.Enrichment;

public sealed class EnrichmentFindingsTests
{
    private static readonly DateOnly AccountingDate = Governed.AccountingDate;

    private static EnrichmentResult Enrich(ExpenseReport report, MasterDataSnapshot? masterData = null, MappingSnapshot? mappings = null, DateOnly? date = null) =>
        Governed.Enrich(report, masterData, mappings, date);

    public static TheoryData<string, string, string, string> BadInputs() => new()
    {
        { "unknown employee", EnrichmentCodes.EmployeeUnknown, "/employee/id", "Employee E999 (Ada Lovelace) is not set up in entity US01" },
        { "retired cost center", EnrichmentCodes.CostCenterInactive, "/lines/0/allocations/0/costCenter", "The cost center CC-OLD of entity US01 is inactive (retired)" },
        { "unknown cost center", EnrichmentCodes.CostCenterUnknown, "/lines/0/allocations/0/costCenter", "`CC-NOPE` is not a cost center of entity US01 and has no mapping" },
        { "expense type without account", EnrichmentCodes.ExpenseTypeUnmapped, "/lines/0/expenseType", "Expense type `Parking` has no GL account for entity US01" },
        { "currency not enabled", EnrichmentCodes.CurrencyNotEnabled, "/currency", "Currency GBP is not enabled for entity US01" },
        { "unknown entity", EnrichmentCodes.EntityUnknown, "/legalEntity", "Legal entity `FR01` is not set up in master data" },
        { "unknown tax code", EnrichmentCodes.TaxCodeUnmapped, "/lines/0/taxCode", "Tax code `GST5` is not a tax code of entity US01 and has no mapping" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Enrich_BadInput_NamesWhatIsMissingAndPostsNothing(string input, string code, string path, string message)
    {
        var report = input switch
        {
            "unknown employee" => Report() with { Employee = new Party("E999", "Ada Lovelace") },
            "retired cost center" => Report(Line(allocations: [Percent(100m, "CC-OLD")])),
            "unknown cost center" => Report(Line(allocations: [Percent(100m, "CC-NOPE")])),
            "expense type without account" => Report(Line(expenseType: "Parking")),
            "currency not enabled" => Report("GBP", Line()),
            "unknown entity" => Report() with { LegalEntity = "FR01" },
            "unknown tax code" => Report(Line(gross: 105m, tax: 5m) with { TaxCode = "GST5" }),
            _ => throw new ArgumentOutOfRangeException(nameof(input)),
        };

        var result = Enrich(report);

        Assert.Empty(result.Batches);
        var finding = Assert.Single(result.Findings, f => f.Code == code);
        Assert.Equal((path, FindingSeverity.Error), (finding.Path, finding.Severity));
        Assert.StartsWith(message, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enrich_ExpenseTypeMappedToAnInactiveAccount_FindsTheInactiveAccount()
    {
        var mappings = new MappingSnapshot([.. Governed.Rules().Where(r => r.Source != "Meals"), Governed.Rule(MappingKind.ExpenseTypes, "US01", "Meals", "expenses:retired")]);

        var finding = Assert.Single(Enrich(Report(), mappings: mappings).Findings);

        Assert.Equal((EnrichmentCodes.AccountInactive, "/lines/0/expenseType"), (finding.Code, finding.Path));
    }

    [Fact]
    public void Enrich_EmployeeControlAccountKnownOnlyByItsPostedChildren_IsAccepted()
    {
        // After postings, the ERP lists liabilities:employees:v-100 and no longer the control account itself as a leaf.
        var set = Governed.Set() with
        {
            GlAccounts = [.. Governed.Set().GlAccounts.Where(a => a.Account != "liabilities:employees"), new GlAccount { Entity = "US01", Account = "liabilities:employees:v-100" }],
        };

        var result = Enrich(Report(), new MasterDataSnapshot(set));

        Assert.True(result.Succeeded, string.Join("; ", result.Findings.Select(f => f.Message)));
    }

    [Fact]
    public void Enrich_RoleWithoutAccountInOneEntity_HoldsBackTheOtherEntityToo()
    {
        var report = Report(Line("1"), Line("2", payment: PaymentType.CompanyCard) with { LegalEntity = "DE01" });

        var result = Enrich(report);

        Assert.Empty(result.Batches);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(EnrichmentCodes.AccountRoleUnmapped, finding.Code);
        Assert.Equal("Account role CardPayable has no account for entity DE01 (PUT /api/v1/mappings/account-roles).", finding.Message);
    }

    [Fact]
    public void Enrich_ClosedPeriodAndPolicyStop_StopsWithTheClosedPeriod()
    {
        var masterData = Governed.MasterData(Governed.Us01 with { OpenPeriods = ["2026-12"], ClosedPeriodPolicy = ClosedPeriodPolicy.Stop });

        var finding = Assert.Single(Enrich(Report(), masterData).Findings);

        Assert.Equal((EnrichmentCodes.PeriodClosed, "/accountingDate"), (finding.Code, finding.Path));
        Assert.Equal("Accounting date 2026-11-20 falls in period 2026-11, which is closed for entity US01; open the period or correct the date.", finding.Message);
    }

    [Fact]
    public void Enrich_ClosedPeriodAndPolicyNextOpen_PostsOnTheFirstDayOfTheNextOpenPeriodAndKeepsTheOriginalDate()
    {
        var masterData = Governed.MasterData(Governed.Us01 with { OpenPeriods = ["2027-01", "2026-12"], ClosedPeriodPolicy = ClosedPeriodPolicy.PostToNextOpenPeriod });

        var result = Enrich(Report(), masterData);

        var journal = EntityJournalBuilder.Build(Assert.Single(result.Batches), "US01");
        Assert.Equal((new DateOnly(2026, 12, 1), (DateOnly?)AccountingDate), (journal.AccountingDate, journal.OriginalAccountingDate));
        var note = Assert.Single(result.Findings);
        Assert.Equal((EnrichmentCodes.PeriodMoved, FindingSeverity.Warning), (note.Code, note.Severity));
    }

    [Fact]
    public void Enrich_ClosedPeriodAndNoLaterOpenPeriod_Stops()
    {
        var masterData = Governed.MasterData(Governed.Us01 with { OpenPeriods = ["2026-10"], ClosedPeriodPolicy = ClosedPeriodPolicy.PostToNextOpenPeriod });

        var finding = Assert.Single(Enrich(Report(), masterData).Findings);

        Assert.Equal("Accounting date 2026-11-20 falls in closed period 2026-11 of entity US01, and no later period is open.", finding.Message);
    }

    [Theory]
    [InlineData("2026-11-30", "expenses:meals", "expense-types US01 Meals v1")]
    [InlineData("2026-12-01", "expenses:travel", "expense-types US01 Meals v2")]
    public void Enrich_MappingChangedFromADate_MapsWithTheVersionEffectiveOnTheAccountingDate(string date, string account, string citation)
    {
        var mappings = new MappingSnapshot(
        [
            .. Governed.Rules().Where(r => r.Source != "Meals"),
            Governed.Rule(MappingKind.ExpenseTypes, "US01", "Meals", "expenses:meals", to: new DateOnly(2026, 11, 30), version: 1),
            Governed.Rule(MappingKind.ExpenseTypes, "US01", "Meals", "expenses:travel", from: new DateOnly(2026, 12, 1), version: 2),
        ]);

        var result = Enrich(Report(), mappings: mappings, date: DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));

        var journal = EntityJournalBuilder.Build(Assert.Single(result.Batches), "US01");
        Assert.Equal(account, journal.Lines.Single(l => l.Role == AccountRole.Expense).Account);
        Assert.Contains(citation, journal.MappingVersions!);
    }
}
