using FinanceFlow.Connectors;
using FinanceFlow.Connectors.Erp;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.MasterData;
using FinanceFlow.Core.Reconciliation;
using FinanceFlow.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceFlow.Integration.Tests.Hledger;

[Trait("Category", "Integration")]
public sealed class HledgerConnectorTests(HledgerWebProcess hledger) : IClassFixture<HledgerWebProcess>
{
    [Fact]
    public async Task PostAsync_BalancedEntry_AppearsInLedgerWithAmountsAndTags()
    {
        // Arrange
        using var provider = Build(withJournal: true);
        var connector = provider.GetRequiredService<IErpConnector>();
        var entry = Entry("CONCUR-" + Unique(), 87.50m, 87.50m);

        // Act
        var result = await connector.PostAsync(entry, CancellationToken.None);

        // Assert
        Assert.True(result.Accepted, result.Reason);
        Assert.Equal(entry.ExternalReference, result.DocumentNumber);
        Assert.Equal(87.50m, await BalanceAsync(entry.Lines[0].Account));
        Assert.Equal(-87.50m, await BalanceAsync(entry.Lines[1].Account));
        Assert.Equal(0, (await hledger.RunHledgerAsync("check")).ExitCode);
        var tagged = await hledger.RunHledgerAsync("print", "tag:costcenter=CC-100", $"code:{entry.ExternalReference}");
        Assert.Contains(entry.ExternalReference, tagged.StdOut, StringComparison.Ordinal);
        Assert.Contains($"2024-03-21 ({entry.ExternalReference}) Concur report", tagged.StdOut, StringComparison.Ordinal);
        Assert.Contains("; source:financeflow, entity:US01", tagged.StdOut, StringComparison.Ordinal);
        Assert.Contains("; costcenter:CC-100, project:P-7, client dinner", tagged.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostAsync_EntityBooksVendorBills_PostedAsAJournalEntryWithAWarningForTheStatusRow()
    {
        // Arrange: hledger has no vendor bills; the entity asks for one all the same.
        using var provider = Build(withJournal: true);
        var connector = provider.GetRequiredService<IErpConnector>();
        var bill = Entry("BILL-" + Unique(), 42.00m, 42.00m) with { PostingObject = PostingObject.VendorBill, EmployeeErpId = "V-100" };
        var journal = Entry("JE-" + Unique(), 42.00m, 42.00m) with { PostingObject = PostingObject.JournalEntry };

        // Act
        var billed = await connector.PostAsync(bill, CancellationToken.None);
        var journaled = await connector.PostAsync(journal, CancellationToken.None);

        // Assert: both are transactions in the ledger; only the one that asked for a vendor bill says it was not one.
        Assert.True(billed.Accepted, billed.Reason);
        Assert.Equal(
            ["US01 books vendor bills; hledger keeps journal entries only, so this was posted as a journal entry (the payable stays on its account, not on vendor V-100)."],
            billed.Warnings);
        Assert.Contains(bill.ExternalReference, (await hledger.RunHledgerAsync("print", $"code:{bill.ExternalReference}")).StdOut, StringComparison.Ordinal);
        Assert.True(journaled.Accepted, journaled.Reason);
        Assert.Null(journaled.Warnings);
    }

    [Fact]
    public async Task PostAsync_FreeTextWithSemicolonsCommasColonsAndNewlines_AddsNoTagNoPostingNoDirective()
    {
        // Arrange: report text someone typed to make the books say more than they should.
        using var provider = Build(withJournal: true);
        var reference = "TEXT-" + Unique();
        var suffix = reference.ToLowerInvariant();
        var entry = new JournalEntry(reference, "US01", new DateOnly(2024, 3, 21), "USD", "Team dinner; approved:yes\ninclude /etc/passwd",
        [
            new JournalLine(AccountRole.Expense, $"expenses:meals:{suffix}", 40m, 0m, "CC-100, approved:yes", "P:7", "taxi, approved:yes\n    assets:cash  USD -500"),
            new JournalLine(AccountRole.EmployeePayable, $"liabilities:employee:{suffix}", 0m, 40m),
        ]);

        // Act
        var result = await provider.GetRequiredService<IErpConnector>().PostAsync(entry, CancellationToken.None);

        // Assert: the journal still parses, the transaction has its two postings, and only FinanceFlow's own tags.
        Assert.True(result.Accepted, result.Reason);
        Assert.Equal(0, (await hledger.RunHledgerAsync("check")).ExitCode);
        var tags = await hledger.RunHledgerAsync("tags", ".", $"code:{reference}");
        Assert.Equal(["costcenter", "entity", "project", "ref", "source"], tags.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));
        var postings = await hledger.RunHledgerAsync("register", $"code:{reference}");
        Assert.Equal(2, postings.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(0m, await BalanceAsync("assets:cash") ?? 0m);
        Assert.Empty((await hledger.RunHledgerAsync("print", "tag:approved")).StdOut.Trim());
    }

    [Theory]
    [InlineData("(expenses:meals)")]
    [InlineData("[expenses:meals]")]
    [InlineData("expenses:meals  USD 5")]
    [InlineData("expenses:meals\tx")]
    [InlineData("expenses:meals;note")]
    [InlineData("expenses::meals")]
    public async Task PostAsync_AccountOutsideTheSafeCharacterSet_IsRefusedAndNothingIsWritten(string account)
    {
        using var provider = Build(withJournal: true);
        var reference = "ACCT-" + Unique();
        var entry = new JournalEntry(reference, "US01", new DateOnly(2024, 3, 21), "USD", "Hostile account",
        [
            new JournalLine(AccountRole.Expense, account, 10m, 0m),
            new JournalLine(AccountRole.EmployeePayable, "liabilities:employee:e100", 0m, 10m),
        ]);

        var result = await provider.GetRequiredService<IErpConnector>().PostAsync(entry, CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Contains("cannot be written to a hledger journal", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await hledger.CountTransactionsWithCodeAsync(reference));
    }

    [Fact]
    public async Task PostAsync_UnbalancedEntry_IsRefusedAndJournalStillChecks()
    {
        // Arrange
        using var provider = Build(withJournal: true);
        var entry = Entry("BAD-" + Unique(), 91.80m, 87.50m);

        // Act
        var result = await provider.GetRequiredService<IErpConnector>().PostAsync(entry, CancellationToken.None);

        // Assert
        Assert.False(result.Accepted);
        Assert.Contains("91.80", result.Reason, StringComparison.Ordinal);
        Assert.Contains("87.50", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await hledger.CountTransactionsWithCodeAsync(entry.ExternalReference));
        Assert.Equal(0, (await hledger.RunHledgerAsync("check")).ExitCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ListFinanceFlowTransactionsAsync_PostedEntriesAndAHandCopy_ReadsEachCopyWithItsExactDebits(bool withJournal)
    {
        // Arrange: two postings, then someone adds one of them again by hand (hledger-web does not refuse a duplicate code).
        using var provider = Build(withJournal);
        var connector = provider.GetRequiredService<IErpConnector>();
        var batch = Unique();
        var first = Entry($"FF-CANONICAL-{batch}-1", 87.50m, 87.50m);
        var second = Entry($"FF-CANONICAL-{batch}-2", 0.10m + 0.20m, 0.30m);
        await connector.PostAsync(first, CancellationToken.None);
        await connector.PostAsync(second, CancellationToken.None);
        await AppendHandCopyAsync(first);

        // Act
        var read = await WaitFor.ResultAsync(
            () => ((IErpLedgerReader)connector).ListFinanceFlowTransactionsAsync(CancellationToken.None),
            transactions => transactions.Count(t => t.Reference.Contains(batch, StringComparison.Ordinal)) == 3, HledgerReadTimeout);

        // Assert
        var mine = read.Where(t => t.Reference.Contains(batch, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, mine.Count(t => t.Reference == first.ExternalReference));
        var small = Assert.Single(mine, t => t.Reference == second.ExternalReference);
        Assert.Equal(new Dictionary<string, decimal> { ["USD"] = 0.30m }, small.DebitsByCurrency);
        Assert.Equal(new DateOnly(2024, 3, 21), small.Date);
        Assert.All(read, t => Assert.StartsWith("FF-", t.Reference, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ListFinanceFlowTransactionsAsync_Window_ReadsTheTransactionsDatedInItOnly(bool withJournal)
    {
        // Arrange: the same journal on three days; the window takes the middle one and its last day.
        using var provider = Build(withJournal);
        var connector = provider.GetRequiredService<IErpConnector>();
        var batch = Unique();
        foreach (var (number, date) in new[] { (1, new DateOnly(2024, 4, 1)), (2, new DateOnly(2024, 4, 2)), (3, new DateOnly(2024, 4, 3)) })
        {
            Assert.True((await connector.PostAsync(Entry($"FF-CANONICAL-{batch}-{number}", 10m, 10m) with { AccountingDate = date }, CancellationToken.None)).Accepted);
        }


        // Act
        // GET /transactions lags behind back-to-back writes until the file's time changes (NOTES.md, behaviour 3): this test is
        // about the window, so each read first changes the time.
        var read = await WaitFor.ResultAsync(
            () =>
            {
                File.SetLastWriteTimeUtc(hledger.JournalPath, DateTime.UtcNow.AddSeconds(2));
                return ((IErpLedgerReader)connector).ListFinanceFlowTransactionsAsync(new LedgerWindow(new DateOnly(2024, 4, 2), new DateOnly(2024, 4, 3)), CancellationToken.None);
            },
            transactions => transactions.Count(t => t.Reference.Contains(batch, StringComparison.Ordinal)) == 2, HledgerReadTimeout);

        // Assert
        Assert.Equal(
            [$"FF-CANONICAL-{batch}-2", $"FF-CANONICAL-{batch}-3"],
            read.Where(t => t.Reference.Contains(batch, StringComparison.Ordinal)).Select(t => t.Reference).Order(StringComparer.Ordinal));
        Assert.All(read, t => Assert.InRange(t.Date, new DateOnly(2024, 4, 2), new DateOnly(2024, 4, 3)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ListFinanceFlowTransactionsAsync_Window_NamesTheEmployeeAndKeepsTheOnesThatLostTheirReference(bool withJournal)
    {
        // Arrange: two journals for employee E:7 (a colon, as some platforms' ids have); then someone edits one code in the ERP, and
        // the window also holds a payment naming the employee and someone else's transaction: neither is ours.
        using var provider = Build(withJournal);
        var connector = provider.GetRequiredService<IErpConnector>();
        var batch = Unique();
        var date = new DateOnly(2024, 5, 7);
        var kept = Entry($"FF-CANONICAL-{batch}-1", 10m, 10m) with { AccountingDate = date, Employee = "E:7" };
        var edited = Entry($"FF-CANONICAL-{batch}-2", 20m, 20m) with { AccountingDate = date, Employee = "E:7" };
        Assert.True((await connector.PostAsync(kept, CancellationToken.None)).Accepted);
        Assert.True((await connector.PostAsync(edited, CancellationToken.None)).Accepted);
        var journal = await File.ReadAllTextAsync(hledger.JournalPath);
        await File.WriteAllTextAsync(hledger.JournalPath, journal.Replace($"({edited.ExternalReference})", $"(EDITED-{batch})", StringComparison.Ordinal)
            + $"\n2024-05-07 (PAY-{batch}) paid ; financeflow-ref:{kept.ExternalReference}, employee:E\uA7897\n    liabilities:employees:e7  USD 10.00\n    assets:bank\n"
            + $"\n2024-05-07 (OTHER-{batch}) rent\n    expenses:rent  USD 30.00\n    assets:bank\n");

        // Act
        var read = await WaitFor.ResultAsync(
            () =>
            {
                File.SetLastWriteTimeUtc(hledger.JournalPath, DateTime.UtcNow.AddSeconds(2));
                return ((IErpLedgerReader)connector).ListFinanceFlowTransactionsAsync(new LedgerWindow(date, date), CancellationToken.None);
            },
            transactions => transactions.Any(t => t.Reference == $"EDITED-{batch}"), HledgerReadTimeout);

        // Assert: ours under FF- with its employee, the edited one under what is left of its code, nothing else of this batch.
        var mine = read.Where(t => t.Reference.Contains(batch, StringComparison.Ordinal)).OrderBy(t => t.Reference, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [($"EDITED-{batch}", "E:7", 20m), ($"FF-CANONICAL-{batch}-1", "E:7", 10m)],
            mine.Select(t => (t.Reference, t.Employee, t.DebitsByCurrency["USD"])));
        Assert.Equal(0, (await hledger.RunHledgerAsync("check")).ExitCode);
    }

    [Fact]
    public async Task ListFinanceFlowTransactionsAsync_AllHistory_OnlyFFCodesEachWithItsEmployee()
    {
        // Arrange
        using var provider = Build(withJournal: true);
        var connector = provider.GetRequiredService<IErpConnector>();
        var entry = Entry($"FF-CANONICAL-{Unique()}-1", 5m, 5m) with { Employee = "E100" };
        Assert.True((await connector.PostAsync(entry, CancellationToken.None)).Accepted);

        // Act
        var read = await ((IErpLedgerReader)connector).ListFinanceFlowTransactionsAsync(CancellationToken.None);

        // Assert: the tag is written next to FinanceFlow's others and does not make the books differ.
        Assert.Equal("E100", Assert.Single(read, t => t.Reference == entry.ExternalReference).Employee);
        Assert.All(read, t => Assert.StartsWith("FF-", t.Reference, StringComparison.Ordinal));
        Assert.Contains($"ref:{entry.ExternalReference}, employee:E100", (await hledger.RunHledgerAsync("print", $"code:{entry.ExternalReference}")).StdOut, StringComparison.Ordinal);
        Assert.Empty((await connector.FindDocumentAsync(entry, CancellationToken.None)).Differences);
    }

    [Fact]
    public async Task FindDocumentAsync_PostedAndUnknownReferences_FindsOnlyThePostedOneWithTheSameBooks()
    {
        // Arrange
        using var provider = Build(withJournal: true);
        var connector = provider.GetRequiredService<IErpConnector>();
        var entry = Entry("FIND.1+" + Unique(), 10m, 10m);
        await connector.PostAsync(entry, CancellationToken.None);

        // Act
        var found = await connector.FindDocumentAsync(entry, CancellationToken.None);
        var lookalike = await connector.FindDocumentAsync(entry with { ExternalReference = entry.ExternalReference.Replace(".", "x", StringComparison.Ordinal) }, CancellationToken.None);
        var unknown = await connector.FindDocumentAsync(entry with { ExternalReference = "NEVER-" + Unique() }, CancellationToken.None);

        // Assert
        Assert.Equal((entry.ExternalReference, 1, true), (found.DocumentNumber, found.Copies, found.Authoritative));
        Assert.Empty(found.Differences);
        Assert.True(connector.HasAuthoritativeLookup);
        Assert.Equal((false, true), (lookalike.Found, lookalike.Authoritative));
        Assert.Equal((false, true), (unknown.Found, unknown.Authoritative));
    }

    [Fact]
    public async Task FindDocumentAsync_LedgerHoldsOtherBooksUnderTheReference_NamesEachDifference()
    {
        // Arrange: someone else's transaction under our reference, another amount, date, cost center and entity.
        using var provider = Build(withJournal: true);
        var connector = provider.GetRequiredService<IErpConnector>();
        var entry = Entry("OTHER-" + Unique(), 10m, 10m);
        await connector.PostAsync(
            entry with
            {
                LegalEntity = "DE01",
                AccountingDate = new DateOnly(2024, 3, 22),
                Lines = [entry.Lines[0] with { Debit = 11m, CostCenter = "CC-200" }, entry.Lines[1] with { Credit = 11m }],
            },
            CancellationToken.None);

        // Act
        var found = await connector.FindDocumentAsync(entry, CancellationToken.None);

        // Assert
        Assert.Equal(entry.ExternalReference, found.DocumentNumber);
        Assert.Contains("dated 2024-03-22, ours 2024-03-21", found.Differences);
        Assert.Contains("entity DE01, ours US01", found.Differences);
        Assert.Contains(found.Differences, d => d.StartsWith($"our line {entry.Lines[0].Account} 10.00 USD costcenter CC-100", StringComparison.Ordinal));
        Assert.Contains(found.Differences, d => d.StartsWith($"the ledger's line {entry.Lines[0].Account} 11.00 USD", StringComparison.Ordinal) && d.Contains("costcenter CC-200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FindDocumentAsync_WithoutJournalPath_FallsBackToWebApiAndSaysItIsNotAuthoritative()
    {
        // Arrange
        using var provider = Build(withJournal: false);
        var connector = provider.GetRequiredService<IErpConnector>();
        var entry = Entry("WEB-" + Unique(), 12.34m, 12.34m);
        await connector.PostAsync(entry, CancellationToken.None);

        // Act / Assert: GET /transactions lags behind back-to-back writes until the file's time changes (NOTES.md, behaviour 3).
        await WaitFor.ConditionAsync(
            async () =>
            {
                File.SetLastWriteTimeUtc(hledger.JournalPath, DateTime.UtcNow.AddSeconds(2));
                return (await connector.FindDocumentAsync(entry, CancellationToken.None)).DocumentNumber == entry.ExternalReference;
            },
            TimeSpan.FromSeconds(10),
            "hledger-web to list the posted transaction");
        var unknown = await connector.FindDocumentAsync(entry with { ExternalReference = "NEVER-" + Unique() }, CancellationToken.None);
        Assert.Equal((false, false), (unknown.Found, unknown.Authoritative));
        Assert.False(connector.HasAuthoritativeLookup);
    }

    [Fact]
    public async Task PostAsync_HledgerWebStopped_ThrowsErpUnavailable()
    {
        // Arrange
        using var provider = Build(withJournal: true);
        var connector = provider.GetRequiredService<IErpConnector>();
        var entry = Entry("DOWN-" + Unique(), 5m, 5m);
        hledger.Stop();
        try
        {
            // Act / Assert
            await Assert.ThrowsAsync<ErpUnavailableException>(() => connector.PostAsync(entry, CancellationToken.None));
        }
        finally
        {
            await hledger.StartAsync();
        }

        // The same entry goes through once the ledger is back.
        Assert.True((await connector.PostAsync(entry, CancellationToken.None)).Accepted);
        Assert.Equal(1, await hledger.CountTransactionsWithCodeAsync(entry.ExternalReference));
    }

    [Fact]
    public async Task PostAsync_TwentyConcurrentPosts_EachLandsExactlyOnce()
    {
        // Arrange
        using var provider = Build(withJournal: true);
        var batch = Unique();
        var entries = Enumerable.Range(1, 20).Select(i => Entry($"BULK-{batch}-{i:D2}", i, i)).ToList();

        // Act
        var results = await Task.WhenAll(entries.Select(e =>
            provider.GetRequiredService<IErpConnector>().PostAsync(e, CancellationToken.None)));

        // Assert
        Assert.All(results, r => Assert.True(r.Accepted, r.Reason));
        foreach (var entry in entries)
        {
            Assert.Equal(1, await hledger.CountTransactionsWithCodeAsync(entry.ExternalReference));
        }

        Assert.Equal(0, (await hledger.RunHledgerAsync("check")).ExitCode);
    }

    private ServiceProvider Build(bool withJournal)
    {
        var settings = new Dictionary<string, string?> { ["FinanceFlow:Erp:Hledger:BaseUrl"] = hledger.BaseUrl };
        if (withJournal)
        {
            settings["FinanceFlow:Erp:Hledger:JournalPath"] = hledger.JournalPath;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFinanceFlowConnectors(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>Accounts unique per entry, so each test reads balances only it wrote.</summary>
    private static JournalEntry Entry(string reference, decimal debit, decimal credit)
    {
        var suffix = reference.Replace('.', '-').Replace('+', '-').ToLowerInvariant();
        return new JournalEntry(reference, "US01", new DateOnly(2024, 3, 21), "USD", $"Concur report {reference} | client dinner",
        [
            new JournalLine(AccountRole.Expense, $"expenses:meals:{suffix}", debit, 0m, "CC-100", "P-7", "client dinner"),
            new JournalLine(AccountRole.EmployeePayable, $"liabilities:employee:{suffix}", 0m, credit),
        ]);
    }

    /// <summary>Adds the entry a second time past the connector's duplicate check, as a hand entry in the ledger would.</summary>
    private Task AppendHandCopyAsync(JournalEntry entry) =>
        File.AppendAllTextAsync(hledger.JournalPath, string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"\n2024-03-21 ({entry.ExternalReference}) copied by hand\n    expenses:meals  USD {entry.Lines[0].Debit:0.00}\n    liabilities:employees:e100\n"));


    // hledger-web re-reads its file lazily (reference/hledger NOTES, behaviour 3).
    private static readonly TimeSpan HledgerReadTimeout = TimeSpan.FromSeconds(15);

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private async Task<decimal?> BalanceAsync(string account)
    {
        using var balance = await hledger.BalanceJsonAsync();
        foreach (var row in balance.RootElement[0].EnumerateArray())
        {
            if (row[0].GetString() == account)
            {
                var quantity = row[3][0].GetProperty("aquantity");
                return quantity.GetProperty("decimalMantissa").GetDecimal() / (decimal)Math.Pow(10, quantity.GetProperty("decimalPlaces").GetInt32());
            }
        }

        return null;
    }
}
