using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Core.Tests;

public class BookedEntryTests
{
    private static readonly JournalEntry Entry = new(
        "FF-CONCUR-R-1", "US01", new DateOnly(2026, 11, 20), "USD", "concur report R-1 v1",
        [
            new JournalLine(AccountRole.Expense, "expenses:meals", 60.00m, 0m, "CC-100", "P-7", "dinner"),
            new JournalLine(AccountRole.EmployeePayable, "liabilities:employees:e100", 0m, 60.00m),
        ]);

    [Fact]
    public void Differences_LedgerHoldsTheSameBooksInAnotherOrderAndPrecision_None()
    {
        var ledger = new BookedEntry(new DateOnly(2026, 11, 20), "US01",
        [
            new BookedLine("liabilities:employees:e100", "USD", -60m, null, null),
            new BookedLine("expenses:meals", "USD", 60.0000m, "CC-100", "P-7"),
        ]);

        Assert.Empty(BookedEntry.Differences(BookedEntry.Of(Entry), ledger));
    }

    [Fact]
    public void Differences_OtherDateEntityAmountCurrencyAndCostCenter_NamesEach()
    {
        var ledger = new BookedEntry(new DateOnly(2026, 11, 21), "DE01",
        [
            new BookedLine("expenses:meals", "EUR", 60m, "CC-200", "P-7"),
            new BookedLine("liabilities:employees:e100", "EUR", -60m, null, null),
        ]);

        var differences = BookedEntry.Differences(BookedEntry.Of(Entry), ledger);

        Assert.Equal(
        [
            "dated 2026-11-21, ours 2026-11-20",
            "entity DE01, ours US01",
            "our line expenses:meals 60.00 USD costcenter CC-100 project P-7 is not in the ledger",
            "our line liabilities:employees:e100 -60.00 USD is not in the ledger",
            "the ledger's line expenses:meals 60.00 EUR costcenter CC-200 project P-7 is not ours",
            "the ledger's line liabilities:employees:e100 -60.00 EUR is not ours",
        ],
        differences);
    }

    [Fact]
    public void Of_CostObjectsAsTheLedgerWritesThem_ComparesWrittenValues()
    {
        var entry = Entry with { Lines = [Entry.Lines[0] with { CostCenter = "CC-100, x" }, Entry.Lines[1]] };
        var ledger = new BookedEntry(new DateOnly(2026, 11, 20), "US01",
        [
            new BookedLine("expenses:meals", "USD", 60m, "CC-100  x", "P-7"),
            new BookedLine("liabilities:employees:e100", "USD", -60m, null, null),
        ]);

        Assert.Empty(BookedEntry.Differences(BookedEntry.Of(entry, value => value.Replace(",", " ", StringComparison.Ordinal)), ledger));
    }
}
