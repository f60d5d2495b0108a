using FinanceFlow.Connectors.Concur;
using FinanceFlow.Core.Journal;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Connectors.Tests.Concur;

/// <summary>Loads Concur's reference documents (../shared/reference/concur-fis) and our hand-built ones, and posts them.</summary>
internal static class ConcurTestDocuments
{
    public static readonly AccountMap Accounts = new();

    public static readonly DateOnly AccountingDate = new(2024, 7, 1);

    public static string ReferenceFolder { get; } = Path.Combine(FindRepoRoot(), "..", "shared", "reference", "concur-fis");

    /// <summary>Every example document plus concur-fis-v4-document-*.json, as paths.</summary>
    public static IEnumerable<string> AllReferenceDocuments() =>
        Directory.EnumerateFiles(Path.Combine(ReferenceFolder, "examples"), "*.json")
            .Concat(Directory.EnumerateFiles(ReferenceFolder, "concur-fis-v4-document-*.json"))
            .Order(StringComparer.Ordinal);

    /// <summary>The example whose file name carries the use-case number, e.g. "2.3".</summary>
    public static string Example(string useCase) =>
        Directory.EnumerateFiles(Path.Combine(ReferenceFolder, "examples"), $"*-Example-{useCase}.json").Single();

    public static string Reference(string fileName) => Path.Combine(ReferenceFolder, fileName);

    public static string HandBuilt(string fileName) => Path.Combine(AppContext.BaseDirectory, "Concur", "Documents", fileName);

    public static ConcurFinancialDocument Parse(string path)
    {
        var result = ConcurDocumentParser.Parse(File.ReadAllBytes(path));
        Assert.True(result.IsValid, $"{Path.GetFileName(path)}: " + string.Join("; ", result.Errors.Select(e => $"{e.Pointer} {e.Message}")));
        return result.Document!;
    }

    public static JournalEntry Post(string path, ConcurPostingOptions? options = null) =>
        ConcurPostingRules.BuildJournal(Parse(path), Accounts, options ?? new ConcurPostingOptions(), AccountingDate);

    public static JournalEntry Post(ConcurDocumentBuilder document, ConcurPostingOptions? options = null) =>
        ConcurPostingRules.BuildJournal(document.Parse(), Accounts, options ?? new ConcurPostingOptions(), AccountingDate);

    /// <summary>Settings for one company only; everything else default.</summary>
    public static ConcurPostingOptions With(string companyId, ConcurCompanyPosting company) =>
        new() { Companies = new(StringComparer.OrdinalIgnoreCase) { [companyId] = company } };

    /// <summary>Asserts the journal is postable and has exactly these (role, debit, credit) lines, in any order.</summary>
    public static void AssertLines(JournalEntry entry, string currency, params (AccountRole Role, decimal Debit, decimal Credit)[] expected)
    {
        Assert.Empty(JournalValidation.Validate(entry));
        Assert.True(entry.IsBalanced);
        Assert.Equal(currency, entry.Currency);
        var actual = entry.Lines.Select(l => (l.Role, l.Debit, l.Credit)).OrderBy(Key).ToList();
        Assert.Equal(expected.OrderBy(Key).ToList(), actual);
    }

    /// <summary>Asserts the journal is postable, in this currency, and has exactly these (account, debit, credit) lines, in any order.</summary>
    public static void AssertJournal(JournalEntry entry, string currency, params (string Account, decimal Debit, decimal Credit)[] expected)
    {
        Assert.Empty(JournalValidation.Validate(entry));
        Assert.True(entry.IsBalanced);
        Assert.Equal(currency, entry.Currency);
        var actual = entry.Lines.Select(l => (l.Account, l.Debit, l.Credit)).OrderBy(Key).ToList();
        Assert.Equal(expected.OrderBy(Key).ToList(), actual);
    }

    private static string Key((string Account, decimal Debit, decimal Credit) line) =>
        FormattableString.Invariant($"{line.Account}|{line.Debit:0.00}|{line.Credit:0.00}");

    private static string Key((AccountRole Role, decimal Debit, decimal Credit) line) =>
        FormattableString.Invariant($"{line.Role}|{line.Debit:0.00}|{line.Credit:0.00}");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FinanceFlow.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"FinanceFlow.sln not found above {AppContext.BaseDirectory}.");
    }
}
