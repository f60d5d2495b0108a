using FinanceFlow.Core.Enrichment;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.MasterData;
using static FinanceFlow.Core.Tests.Reports;

namespace FinanceFlow.Core.Tests.Enrichment;

public sealed class SourceJournalGovernanceTests
{
    private static JournalEntry Journal(string entity = "US01", string currency = "USD", string expenseAccount = "expenses:meals") => new(
        "FF-CONCUR-R-1001",
        entity,
        new DateOnly(2026, 11, 20),
        currency,
        "concur report R-1001 v1",
        [
            new JournalLine(AccountRole.Expense, expenseAccount, 33.33m, 0m),
            new JournalLine(AccountRole.Expense, expenseAccount, 33.33m, 0m),
            new JournalLine(AccountRole.Expense, expenseAccount, 33.33m, 0m),
            new JournalLine(AccountRole.EmployeePayable, "liabilities:employees:e100", 0m, 99.99m),
        ]);

    [Fact]
    public void Govern_KnownEntityEmployeeAndAccounts_KeepsTheDocumentsLinesAndRoutesToTheEntitysLedger()
    {
        var (journal, findings) = SourceJournalGovernance.Govern(Journal(), Report(), Governed.MasterData());

        Assert.Empty(findings);
        Assert.Equal(("us01", "USD", 4), (journal!.Ledger, journal.Currency, journal.Lines.Count));
        Assert.Equal(Journal().Lines, journal.Lines);
    }

    [Fact]
    public void Govern_AccountNotInTheChartOfAccounts_StopsNamingTheAccount()
    {
        var (journal, findings) = SourceJournalGovernance.Govern(Journal(expenseAccount: "expenses:unknown"), Report(), Governed.MasterData());

        Assert.Null(journal);
        var finding = Assert.Single(findings);
        Assert.Equal(EnrichmentCodes.AccountUnknown, finding.Code);
        Assert.Contains("expenses:unknown", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Govern_EmployeeNotSetUpInTheEntity_Stops()
    {
        var (journal, findings) = SourceJournalGovernance.Govern(Journal(), Report() with { Employee = new Model.Party("E999", "Nobody") }, Governed.MasterData());

        Assert.Null(journal);
        Assert.Equal(EnrichmentCodes.EmployeeUnknown, Assert.Single(findings).Code);
    }

    [Fact]
    public void Govern_ClosedPeriodWithNextOpen_MovesTheDateAndKeepsTheOriginal()
    {
        var masterData = Governed.MasterData(Governed.Us01 with { OpenPeriods = ["2026-12"], ClosedPeriodPolicy = ClosedPeriodPolicy.PostToNextOpenPeriod });

        var (journal, findings) = SourceJournalGovernance.Govern(Journal(), Report(), masterData);

        Assert.Equal((new DateOnly(2026, 12, 1), (DateOnly?)new DateOnly(2026, 11, 20)), (journal!.AccountingDate, journal.OriginalAccountingDate));
        Assert.Equal(EnrichmentCodes.PeriodMoved, Assert.Single(findings).Code);
    }

    [Fact]
    public void Govern_DocumentInAnotherCurrency_ConvertsAtOneRateAndPostsTheRoundingDifference()
    {
        var set = Governed.Set(Governed.Us01, Governed.De01 with { FxRateDate = FxRateDate.ApprovalDate });
        var masterData = new MasterDataSnapshot(set with { GlAccounts = [.. set.GlAccounts, new GlAccount { Entity = "DE01", Account = "aufwand:bewirtung" }] });
        var journal = Journal("DE01", "USD", "aufwand:bewirtung") with
        {
            Lines = [.. Journal("DE01", "USD", "aufwand:bewirtung").Lines.SkipLast(1), new JournalLine(AccountRole.EmployeePayable, "verbindlichkeiten:mitarbeiter:k-7100", 0m, 99.99m)],
        };

        var (governed, findings) = SourceJournalGovernance.Govern(journal, Report(), masterData);

        // The rate of the approval date (2026-11-20), 0.92: each 33.33 → 30.66 (91.98 of expense), owed 99.99 → 91.99.
        Assert.Empty(findings);
        Assert.Equal(("EUR", "de01"), (governed!.Currency, governed.Ledger));
        Assert.All(governed.Lines.Where(l => l.Role != AccountRole.Rounding), l => Assert.Equal(0.92m, l.Fx!.Rate));
        var rounding = governed.Lines.Single(l => l.Role == AccountRole.Rounding);
        Assert.Equal(("aufwand:kursdifferenzen", 0.01m), (rounding.Account, rounding.Debit));
        Assert.True(governed.IsBalanced);
    }
}
