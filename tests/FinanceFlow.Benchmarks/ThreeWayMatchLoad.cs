using System.Diagnostics;
using System.Globalization;
using FinanceFlow.Core.Model;
using FinanceFlow.Core.Reconciliation;

namespace FinanceFlow.Benchmarks;

/// <summary>
/// The three-way matcher at scale: N platform documents and N ledger entries streamed through as a paged reader yields them, against
/// N FinanceFlow records held in memory, with one in a thousand of each difference class; every record's strings are its own, as
/// a reader allocates them. Prints the seconds of the match (reading included: the generator stands in for the readers), the
/// process's peak working set and the managed heap after the FinanceFlow side is loaded. Run:
/// <c>dotnet run -c Release --project tests/FinanceFlow.Benchmarks -- three-way-match 1000000</c>.
/// </summary>
public static class ThreeWayMatchLoad
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 1, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2026, 12, 4);

    public static void Run(int count)
    {
        var documents = new List<TrackedDocument>(count);
        var postings = new List<TrackedPosting>(count);
        for (var i = 0; i < count; i++)
        {
            var kind = i % 1000;
            if (kind == 1)
            {
                continue; // the event never reached intake
            }

            var outcome = kind switch
            {
                5 => ReportOutcome.Pending,
                6 => ReportOutcome.PostingFailed,
                _ => ReportOutcome.Posted,
            };
            documents.Add(new TrackedDocument(SourceNames.Concur, Id(i), Employee(i), outcome, Amount(i), "USD", Now.AddDays(-2)));
            if (kind is not (5 or 6))
            {
                postings.Add(new TrackedPosting(documents.Count - 1, Reference(i), "us01", Amount(i), "USD", Day, Posted: true));
            }
        }

        GC.Collect();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        var result = ThreeWayMatch.Run(Platform(count), documents, postings, Ledger(count), new ThreeWayOptions(Now, TimeSpan.FromHours(4), ThreeWayOptions.Redrivable));
        watch.Stop();
        using var process = Process.GetCurrentProcess();
        process.Refresh();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"three-way match: {result.Platform:N0} platform documents and {result.LedgerEntries:N0} ledger entries streamed against {documents.Count:N0} FinanceFlow records ({postings.Count:N0} journals)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {watch.Elapsed.TotalSeconds:F2} s; {result.Matched:N0} matched; {result.Findings.Count:N0} findings"));
        foreach (var (name, found) in result.Counts)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {name,-24} {found,8:N0}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  memory: FinanceFlow side {heap / 1048576.0:F0} MB managed; process peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MB"));
    }

    private static IEnumerable<ApprovedDocument> Platform(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new ApprovedDocument(SourceNames.Concur, Id(i), Employee(i), i % 1000 == 9 ? Amount(i) + 1m : Amount(i), "USD", Day);
        }
    }

    private static IEnumerable<LedgerEntry> Ledger(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var kind = i % 1000;
            if (kind is 1 or 2 or 5 or 6)
            {
                continue; // 2: deleted from the ledger; the others never posted
            }

            var amount = kind == 3 ? Amount(i) + 0.01m : Amount(i); // 3: edited in the ERP
            if (kind == 4)
            {
                yield return new LedgerEntry("us01", Reference(i), Employee(i), amount, "USD", Day); // copied by hand
            }

            yield return new LedgerEntry("us01", kind == 8 ? null : Reference(i), Employee(i), amount, "USD", Day, Paid: kind == 7);
        }
    }

    private static decimal Amount(int i) => 10m + (i % 997) + 0.35m;

    // Concur report ids are 20 characters.
    private static string Id(int i) => string.Create(CultureInfo.InvariantCulture, $"C{i:D8}A1B2C3D4E5F");

    private static string Reference(int i) => string.Create(CultureInfo.InvariantCulture, $"FF-CONCUR-C{i:D8}A1B2C3D4E5F");

    private static string Employee(int i) => string.Create(CultureInfo.InvariantCulture, $"E{i % 5000:D5}");
}
