using FinanceFlow.Core.Journal;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Core.Tests;

public class JournalHashTests
{
    private static readonly JournalEntry Entry = new(
        "FF-CONCUR-R-1", "US01", new DateOnly(2026, 11, 20), "USD", "concur report R-1 v1 | Team dinner",
        [
            new JournalLine(AccountRole.Expense, "expenses:meals", 60.00m, 0m, "CC-100", "P-7", "Line 1 | Blue Bottle"),
            new JournalLine(AccountRole.EmployeePayable, "liabilities:employees:e100", 0m, 60.00m, Memo: "Owed to Ada (E100)"),
        ]);

    [Fact]
    public void Compute_SameEntryRebuilt_GivesTheSameHash()
    {
        var rebuilt = Entry with { Lines = [Entry.Lines[0] with { Debit = 60.0m }, Entry.Lines[1] with { Credit = 60m }] };

        Assert.Equal(JournalHash.Compute(Entry), JournalHash.Compute(rebuilt));
        Assert.Matches("^books1:[0-9a-f]{64}$", JournalHash.Compute(Entry));
    }

    [Fact]
    public void Compute_NewVersionLabelTitleMemosOrLineOrder_GivesTheSameHash()
    {
        // What a v2 of the same report changes without changing the books.
        var v2 = Entry with
        {
            Description = "concur report R-1 v2 | Team dinner (corrected title)",
            Lines = [Entry.Lines[1] with { Memo = "Owed to Ada Lovelace (E100)" }, Entry.Lines[0] with { Memo = "Line 1 | Blue Bottle Coffee" }],
            MappingVersions = ["expense-types US01 Meals v4"],
        };

        Assert.Equal(JournalHash.Compute(Entry), JournalHash.Compute(v2));
    }

    [Fact]
    public void Compute_EmployeeNamed_SameHashAndSameHashOfTheWholeEntry()
    {
        // Postings made before the journal named its employee keep their hashes: a retry of one is the same posting.
        var named = Entry with { Employee = "E100" };

        Assert.Equal(JournalHash.Compute(Entry), JournalHash.Compute(named));
        Assert.Equal(JournalHash.ComputeWholeEntry(Entry), JournalHash.ComputeWholeEntry(named));
    }

    [Fact]
    public void Compute_PostingObjectAndErpVendorNamed_SameHashAndSameHashOfTheWholeEntry()
    {
        // A vendor bill and a journal entry of the same books are one posting: a retry after the entity changed its posting
        // object finds the one already made instead of taking it for different books.
        var bill = Entry with { PostingObject = PostingObject.VendorBill, EmployeeErpId = "V-100" };
        var journal = Entry with { PostingObject = PostingObject.JournalEntry };

        Assert.Equal(JournalHash.Compute(Entry), JournalHash.Compute(bill));
        Assert.Equal(JournalHash.Compute(Entry), JournalHash.Compute(journal));
        Assert.Equal(JournalHash.ComputeWholeEntry(Entry), JournalHash.ComputeWholeEntry(bill));
    }

    public static TheoryData<string, JournalEntry> BooksChanged => new()
    {
        { "amount", Entry with { Lines = [Entry.Lines[0] with { Debit = 60.01m }, Entry.Lines[1] with { Credit = 60.01m }] } },
        { "account", Entry with { Lines = [Entry.Lines[0] with { Account = "expenses:travel" }, Entry.Lines[1]] } },
        { "accounting date", Entry with { AccountingDate = new DateOnly(2026, 12, 1) } },
        { "currency", Entry with { Currency = "EUR" } },
        { "cost center", Entry with { Lines = [Entry.Lines[0] with { CostCenter = "CC-200" }, Entry.Lines[1]] } },
        { "project", Entry with { Lines = [Entry.Lines[0] with { Project = null }, Entry.Lines[1]] } },
        { "legal entity", Entry with { LegalEntity = "DE01" } },
        { "external reference", Entry with { ExternalReference = "FF-CONCUR-R-2" } },
        { "debit and credit swapped", Entry with { Lines = [Entry.Lines[0] with { Debit = 0m, Credit = 60m }, Entry.Lines[1] with { Debit = 60m, Credit = 0m }] } },
    };

    [Theory]
    [MemberData(nameof(BooksChanged))]
    public void Compute_SomethingThatReachesTheBooksChanged_GivesADifferentHash(string what, JournalEntry changed)
    {
        Assert.False(JournalHash.Compute(Entry) == JournalHash.Compute(changed), $"the hash ignored the {what}");
        Assert.Equal(HashComparison.Different, JournalHash.Compare(JournalHash.Compute(Entry), changed));
    }

    [Fact]
    public void Compare_HashStoredBeforeIssue11_SameEntryIsSameAndANewVersionLabelIsUnknownNotDifferent()
    {
        var stored = JournalHash.ComputeWholeEntry(Entry);

        Assert.Matches("^[0-9a-f]{64}$", stored);
        Assert.Equal(HashComparison.Same, JournalHash.Compare(stored, Entry));
        Assert.Equal(HashComparison.Unknown, JournalHash.Compare(stored, Entry with { Description = "concur report R-1 v2 | Team dinner" }));
        Assert.Equal(HashComparison.Same, JournalHash.Compare(JournalHash.Compute(Entry), Entry with { Description = "concur report R-1 v2 | Team dinner" }));
    }
}
