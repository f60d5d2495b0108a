using BenchmarkDotNet.Attributes;
using FinanceFlow.Connectors.Concur;
using FinanceFlow.Core.Posting;

namespace FinanceFlow.Benchmarks;

/// <summary>Concur FIS reference documents through mapping and posting rules; results are per document.</summary>
[MemoryDiagnoser]
public class ConcurMappingBenchmarks
{
    private static readonly AccountMap Accounts = new();
    private static readonly ConcurPostingOptions Options = new();
    private static readonly DateOnly AccountingDate = new(2024, 7, 1);

    private byte[][] _payloads = [];
    private ConcurFinancialDocument[] _documents = [];

    /// <summary>Expense and cash-advance reference documents (the invoice is not an expense report).</summary>
    public const int DocumentCount = 11;

    [GlobalSetup]
    public void Setup()
    {
        var folder = Path.Combine(FindRepoRoot(), "..", "shared", "reference", "concur-fis");
        _payloads = [.. Directory.EnumerateFiles(Path.Combine(folder, "examples"), "*.json")
            .Concat(Directory.EnumerateFiles(folder, "concur-fis-v4-document-*.json"))
            .Where(f => !f.EndsWith("invoice.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes)];
        _documents = [.. _payloads.Select(p => ConcurDocumentParser.Parse(p).Document ?? throw new InvalidOperationException("A reference document did not parse."))];
        if (_documents.Length != DocumentCount)
        {
            throw new InvalidOperationException($"Expected {DocumentCount} reference documents, found {_documents.Length}.");
        }
    }

    /// <summary>Mapping to the canonical report plus the journal, from parsed documents.</summary>
    [Benchmark(OperationsPerInvoke = DocumentCount)]
    public int MapAndPost()
    {
        var lines = 0;
        foreach (var document in _documents)
        {
            lines += Post(document);
        }

        return lines;
    }

    /// <summary>The same from the raw bytes, parsing included (the one-pass reader for these documents).</summary>
    [Benchmark(OperationsPerInvoke = DocumentCount)]
    public int ParseMapAndPost()
    {
        var lines = 0;
        foreach (var payload in _payloads)
        {
            lines += Post(ConcurDocumentParser.Parse(payload).Document!);
        }

        return lines;
    }

    /// <summary>The same through the general path only (bounds check, then the serializer): the parser before its one-pass reader.</summary>
    [Benchmark(OperationsPerInvoke = DocumentCount)]
    public int ParseGeneralMapAndPost()
    {
        var lines = 0;
        foreach (var payload in _payloads)
        {
            lines += Post(ConcurDocumentParser.ParseGeneral(payload).Document!);
        }

        return lines;
    }

    /// <summary>Only the safety pass every body from outside gets before it is deserialized (UTF-8, duplicates, depth, numbers).</summary>
    [Benchmark(OperationsPerInvoke = DocumentCount)]
    public int CheckOnly()
    {
        var errors = 0;
        foreach (var payload in _payloads)
        {
            errors += FinanceFlow.Core.Intake.BoundedJson.Check(payload, nullItems: false).Count;
        }

        return errors;
    }

    private static int Post(ConcurFinancialDocument document)
    {
        var lines = document.Expense is null ? 0 : ConcurExpenseMapper.Map(document, Options).Lines.Count;
        return lines + ConcurPostingRules.BuildJournal(document, Accounts, Options, AccountingDate).Lines.Count;
    }

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "FinanceFlow.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("FinanceFlow.sln not found above the benchmark's folder.");
    }
}
