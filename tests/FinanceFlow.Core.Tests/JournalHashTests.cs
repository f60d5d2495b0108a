using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Core.Tests;

public class JournalHashTests
{
    private static readonly JournalEntry Entry = new(
        "FF-CONCUR-R-1", "US01", new DateOnly(2026, 11, 20), "USD", "concur report R-1 v1",
        [new JournalLine(AccountRole.Expense, "expenses:meals", 60.00m, 0m, "CC-100"), new JournalLine(AccountRole.EmployeePayable, "liabilities:employees:e100", 0m, 60.00m)]);

    [Fact]
    public void Compute_SameEntryRebuilt_GivesTheSameHash()
    {
        var rebuilt = Entry with { Lines = [Entry.Lines[0] with { Debit = 60.0m }, Entry.Lines[1] with { Credit = 60m }] };

        Assert.Equal(JournalHash.Compute(Entry), JournalHash.Compute(rebuilt));
        Assert.Matches("^[0-9a-f]{64}$", JournalHash.Compute(Entry));
    }

    [Fact]
    public void Compute_DifferentCostCenter_GivesADifferentHash()
    {
        var changed = Entry with { Lines = [Entry.Lines[0] with { CostCenter = "CC-200" }, Entry.Lines[1]] };

        Assert.NotEqual(JournalHash.Compute(Entry), JournalHash.Compute(changed));
    }

    [Fact]
    public void Compute_DifferentAmount_GivesADifferentHash()
    {
        var changed = Entry with { Lines = [Entry.Lines[0] with { Debit = 60.01m }, Entry.Lines[1] with { Credit = 60.01m }] };

        Assert.NotEqual(JournalHash.Compute(Entry), JournalHash.Compute(changed));
    }
}
